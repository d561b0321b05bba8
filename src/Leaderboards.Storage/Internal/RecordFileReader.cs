using System.Buffers;
using System.Buffers.Binary;
using Leaderboards.Engine;

namespace Leaderboards.Storage.Internal;

/// <summary>
/// Reads the records of a log segment or a snapshot in order, checking every checksum. With a torn tail allowed (the
/// newest log segment), a last record cut short by a crash ends the file instead of failing, and <see cref="Result"/>
/// says where the good records end. Anything else that fails its checksum throws <see cref="PersistenceCorruptException"/>.
/// </summary>
internal sealed class RecordFileReader : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _path;
    private readonly bool _allowTornTail;
    private readonly long _length;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private long _offset = RecordFile.HeaderBytes;

    public RecordFileReader(string path, byte kind, bool allowTornTail)
    {
        _path = path;
        _allowTornTail = allowTornTail;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1 << 20);
        try
        {
            _length = _stream.Length;
            Number = RecordFile.ReadHeader(_stream, path, kind);
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    /// <summary>The header's number: the segment number, or where a snapshot's replay starts.</summary>
    public long Number { get; }

    /// <summary>Set once the reader has reached the end of the good records.</summary>
    public ReadResult? Result { get; private set; }

    /// <summary>The byte offset of the record last read.</summary>
    public long RecordOffset { get; private set; }

    public bool TryRead(out StorageRecord record)
    {
        record = null!;
        if (Result is not null)
            return false;
        if (_offset >= _length)
        {
            Result = new ReadResult(Number, _offset, _length);
            return false;
        }
        long remaining = _length - _offset;
        if (remaining < RecordCodec.FrameHeaderBytes)
            return Torn("a record header is cut short");
        Span<byte> frame = stackalloc byte[RecordCodec.FrameHeaderBytes];
        _stream.ReadExactly(frame);
        int size = BinaryPrimitives.ReadInt32LittleEndian(frame);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(frame[4..]);
        if (size < 1 || size > RecordCodec.MaxRecordBytes || size > remaining - RecordCodec.FrameHeaderBytes)
        {
            bool cutShort = size >= 1 && size <= RecordCodec.MaxRecordBytes;
            // A crash cuts the last write short; a damaged length field mid-file looks the same, except that whole
            // records still follow it. Those must never be cut off as a torn tail.
            if ((cutShort || (frame.IndexOfAnyExcept((byte)0) < 0 && RestIsZero())) && !WholeRecordFollows())
                return Torn("the last record is cut short");
            throw new PersistenceCorruptException(_path, _offset, $"a record claims {size} bytes");
        }
        if (_buffer.Length < size)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(size);
        }
        var body = _buffer.AsSpan(0, size);
        _stream.ReadExactly(body);
        if (Checksum.Crc32C(body) != crc)
        {
            if (_offset + RecordCodec.FrameHeaderBytes + size == _length)
                return Torn("the last record fails its checksum");
            throw new PersistenceCorruptException(_path, _offset, "a record fails its checksum");
        }
        try
        {
            record = RecordCodec.Decode((RecordType)body[0], body[1..]);
        }
        catch (InvalidDataException e)
        {
            throw new PersistenceCorruptException(_path, _offset, e.Message);
        }
        RecordOffset = _offset;
        _offset += RecordCodec.FrameHeaderBytes + size;
        return true;
    }

    private bool Torn(string problem)
    {
        if (!_allowTornTail)
            throw new PersistenceCorruptException(_path, _offset, problem);
        Result = new ReadResult(Number, _offset, _length) { TornProblem = problem };
        return false;
    }

    /// <summary>Whether a whole record with a good checksum starts anywhere after the current record's start.</summary>
    private bool WholeRecordFollows()
    {
        long start = _offset + 1;
        var rest = new byte[_length - start];
        _stream.Position = start;
        _stream.ReadExactly(rest);
        for (int at = 0; at + RecordCodec.FrameHeaderBytes < rest.Length; at++)
        {
            int size = BinaryPrimitives.ReadInt32LittleEndian(rest.AsSpan(at));
            if (size < 1 || size > rest.Length - at - RecordCodec.FrameHeaderBytes)
                continue;
            var body = rest.AsSpan(at + RecordCodec.FrameHeaderBytes, size);
            if (Checksum.Crc32C(body) == BinaryPrimitives.ReadUInt32LittleEndian(rest.AsSpan(at + 4)))
                return true;
        }
        return false;
    }

    private bool RestIsZero()
    {
        Span<byte> chunk = stackalloc byte[4096];
        int read;
        while ((read = _stream.Read(chunk)) > 0)
        {
            if (chunk[..read].IndexOfAnyExcept((byte)0) >= 0)
                return false;
        }
        return true;
    }

    public void Dispose()
    {
        _stream.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}
