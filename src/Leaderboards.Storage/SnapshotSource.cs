using Leaderboards.Storage.Internal;

namespace Leaderboards.Storage;

/// <summary>
/// The records of one snapshot file, in order, every checksum checked. A record that fails its check, or a file that
/// ends early, throws <see cref="PersistenceCorruptException"/> naming the file and the offset.
/// </summary>
public sealed class SnapshotSource : IDisposable
{
    private readonly RecordFileReader _reader;

    public SnapshotSource(string path)
    {
        Path = path;
        _reader = new RecordFileReader(path, RecordFile.SnapshotKind, allowTornTail: false);
    }

    public string Path { get; }

    /// <summary>The byte offset of the record last read, for messages about it.</summary>
    public long RecordOffset => _reader.RecordOffset;

    /// <summary>Where the good records end once reading stopped.</summary>
    public long ValidLength => _reader.Result?.ValidLength ?? 0;

    public bool TryRead(out StorageRecord record) => _reader.TryRead(out record);

    /// <summary>A corruption at the record last read.</summary>
    public PersistenceCorruptException Corrupt(string problem) => new(Path, RecordOffset, problem);

    public void Dispose() => _reader.Dispose();
}
