namespace Leaderboards.Engine.Index.Internal;

/// <summary>
/// A growable array of fixed-size pages. Growing never copies existing pages, never over-allocates
/// by more than a page, and never lands one huge array on the large object heap.
/// With <c>sparse</c>, pages stay unallocated until a non-default value is written to them.
/// </summary>
internal sealed class ChunkedArray<T>
    where T : unmanaged
{
    internal const int PageShift = 14;
    internal const int PageSize = 1 << PageShift;
    private const int PageMask = PageSize - 1;

    private readonly bool _sparse;
    private readonly T _default;
    private T[]?[] _pages = new T[]?[4];
    private int _capacity;

    /// <param name="sparse">Leave pages unallocated until a value other than <paramref name="defaultValue"/> is written.</param>
    /// <param name="defaultValue">What an unwritten element reads as.</param>
    public ChunkedArray(bool sparse = false, T defaultValue = default)
    {
        _sparse = sparse;
        _default = defaultValue;
    }

    public T DefaultValue => _default;

    public T Get(int index)
    {
        var page = _pages[index >> PageShift];
        return page is null ? _default : page[index & PageMask];
    }

    public void Set(int index, T value)
    {
        var page = _pages[index >> PageShift];
        if (page is null)
        {
            if (_sparse && EqualityComparer<T>.Default.Equals(value, _default))
                return;
            page = _pages[index >> PageShift] = new T[PageSize];
            if (!EqualityComparer<T>.Default.Equals(_default, default))
                page.AsSpan().Fill(_default);
        }

        page[index & PageMask] = value;
    }

    /// <summary>Direct reference to a dense element; the page must exist (<see cref="EnsureCapacity"/>).</summary>
    public ref T this[int index] => ref _pages[index >> PageShift]![index & PageMask];

    public void EnsureCapacity(int count)
    {
        while (_capacity < count)
        {
            int pageIndex = _capacity >> PageShift;
            int within = _capacity & PageMask;
            if (within != 0)
            {
                // A page cut short by Trim grows back to a full page first.
                Array.Resize(ref _pages[pageIndex], PageSize);
                _capacity += PageSize - within;
                continue;
            }

            if (pageIndex == _pages.Length)
                Array.Resize(ref _pages, _pages.Length * 2);
            if (!_sparse)
                _pages[pageIndex] = new T[PageSize];
            _capacity += PageSize;
        }
    }

    /// <summary>
    /// Cuts the last page down to the <paramref name="count"/> elements in use (after a bulk load, when no more growth
    /// is expected soon); dense arrays only, and only when the pages end with that one.
    /// </summary>
    public void Trim(int count)
    {
        int within = count & PageMask;
        if (_sparse || within == 0 || _capacity != ((count >> PageShift) + 1) << PageShift)
            return;
        Array.Resize(ref _pages[count >> PageShift], within);
        _capacity = count;
    }

    public void Clear()
    {
        _pages = new T[]?[4];
        _capacity = 0;
    }
}
