using System;
using System.IO;

namespace VaeDsl.Runtime.Tests.Data
{
    /// <summary>Locates folders of the repository from the test output folder, so tests read the shipped data.</summary>
    internal static class RepositoryFolders
    {
        /// <summary>The folder holding Dsl.sln, found by walking up from the test assembly's folder.</summary>
        public static string Root
        {
            get
            {
                for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
                {
                    if (File.Exists(Path.Combine(folder.FullName, "Dsl.sln")))
                    {
                        return folder.FullName;
                    }
                }

                throw new InvalidOperationException($"No folder above '{AppContext.BaseDirectory}' contains Dsl.sln.");
            }
        }

        /// <summary>The shipped 10,000-digit MNIST subset (data/mnist).</summary>
        public static string Mnist => Path.Combine(Root, "data", "mnist");
    }
}
