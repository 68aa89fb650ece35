using System;
using System.IO;
using System.IO.Compression;

namespace VaeDsl.Testing
{
    /// <summary>A fresh folder for files written by one test, deleted afterwards. Linked into every test project by
    /// Directory.Build.targets.</summary>
    internal sealed class TemporaryFolder : IDisposable
    {
        public TemporaryFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vaedsl-test-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Write(string name, byte[] content)
        {
            string file = System.IO.Path.Combine(Path, name);
            File.WriteAllBytes(file, content);
            return file;
        }

        public string WriteGzipped(string name, byte[] content)
        {
            string file = System.IO.Path.Combine(Path, name);
            using (FileStream stream = File.Create(file))
            using (var gzip = new GZipStream(stream, CompressionLevel.Optimal))
            {
                gzip.Write(content);
            }

            return file;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
