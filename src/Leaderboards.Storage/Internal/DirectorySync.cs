using System.Runtime.InteropServices;

namespace Leaderboards.Storage.Internal;

/// <summary>
/// fsyncs a directory, so that a file just created or renamed in it keeps that name after a crash: syncing the file
/// makes its bytes durable, not its directory entry. Linux only; elsewhere it does nothing. A file system that cannot
/// sync a directory (EINVAL, EOPNOTSUPP) has nothing to sync; any other failure throws <see cref="IOException"/>,
/// since the entry may then not survive a crash.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int EIntr = 4;
    private const int EInval = 22;
    private const int EOpNotSupp = 95;

    // O_DIRECTORY and O_CLOEXEC differ between architectures: Arm and PowerPC have their own O_DIRECTORY.
    private static readonly int s_flags = ReadOnly | 0x80000 | (RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 or Architecture.Ppc64le => 0x4000,
        _ => 0x10000,
    });

    public static void Sync(string directory)
    {
        if (!OperatingSystem.IsLinux())
            return;
        int descriptor;
        do
            descriptor = Open(directory, s_flags);
        while (descriptor < 0 && Marshal.GetLastPInvokeError() == EIntr);
        if (descriptor < 0)
            throw Failure(directory, "could not be opened to sync it", Marshal.GetLastPInvokeError());
        try
        {
            int result;
            do
                result = FSync(descriptor);
            while (result < 0 && Marshal.GetLastPInvokeError() == EIntr);
            int error = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (result < 0 && error is not (EInval or EOpNotSupp))
                throw Failure(directory, "could not be synced to the disk", error);
        }
        finally
        {
            // A read-only descriptor has nothing to write back on close; its result says nothing about durability.
            _ = Close(descriptor);
        }
    }

    private static IOException Failure(string directory, string what, int error) =>
        new($"The directory {directory} {what} (errno {error}: {Marshal.GetPInvokeErrorMessage(error)}); its latest entries may not survive a crash.");

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
