using System.Runtime.InteropServices;

namespace VaeDsl.Runtime;

/// <summary>Flushes a folder's entries to the disk after a rename, so a power loss cannot undo the rename or leave the
/// new name pointing at an empty file. Written against libc because .NET opens no handle on a directory.</summary>
internal static class DirectoryFlush
{
    private const int ReadOnly = 0;

    /// <summary>Best effort: a file system that cannot flush a folder (or Windows, where the rename is journalled) is left as it is.</summary>
    public static void Flush(string directory)
    {
        if (!(System.OperatingSystem.IsLinux() || System.OperatingSystem.IsMacOS()))
        {
            return;
        }

        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
        {
            return;
        }

        _ = Fsync(descriptor);
        _ = Close(descriptor);
    }

    [DllImport("libc", EntryPoint = "open")]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync")]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int descriptor);
}
