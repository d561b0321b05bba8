using System.Runtime.CompilerServices;

namespace Leaderboards.Engine.Index.Internal;

/// <summary>
/// Player ids packed as length-prefixed UTF-8 in large byte chunks: one id costs its bytes plus one,
/// with no object per id. A reference is <c>chunk &lt;&lt; ChunkShift | offset</c>.
/// Removed ids leave garbage that <see cref="MemberTable"/> compacts away.
/// </summary>
internal sealed class IdArena
{
    private const int ChunkShift = 20;
    private const int ChunkSize = 1 << ChunkShift;
    private const int OffsetMask = ChunkSize - 1;

    private readonly List<byte[]> _chunks = [];
    private int _tail;

    public long LiveBytes { get; private set; }

    public long GarbageBytes { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Append(ReadOnlySpan<byte> id)
    {
        int need = id.Length + 1;
        // The last chunk may have been trimmed below ChunkSize: its own length is the limit.
        if (_chunks.Count == 0 || _tail + need > _chunks[^1].Length)
        {
            _chunks.Add(new byte[ChunkSize]);
            _tail = 0;
        }

        var chunk = _chunks[^1];
        chunk[_tail] = (byte)id.Length;
        id.CopyTo(chunk.AsSpan(_tail + 1));
        int reference = ((_chunks.Count - 1) << ChunkShift) | _tail;
        _tail += need;
        LiveBytes += need;
        return reference;
    }

    /// <summary>Gives back the unused end of the last chunk (after a bulk load); the next append starts a new chunk.</summary>
    public void Trim()
    {
        if (_chunks.Count > 0 && _tail < _chunks[^1].Length)
            _chunks[^1] = _chunks[^1].AsSpan(0, _tail).ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<byte> Get(int reference)
    {
        var chunk = _chunks[reference >> ChunkShift];
        int offset = reference & OffsetMask;
        return new ReadOnlySpan<byte>(chunk, offset + 1, chunk[offset]);
    }

    public void Release(int reference)
    {
        int bytes = Get(reference).Length + 1;
        LiveBytes -= bytes;
        GarbageBytes += bytes;
    }
}
