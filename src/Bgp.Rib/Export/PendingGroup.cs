using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// Routes waiting to be sent with one exported set (or, with a null <see cref="Route"/>, waiting to be
/// withdrawn). IPv4 routes are kept packed (<see cref="CompactNlri"/>, 8 octets instead of 32, the bulk of
/// an initial dump's transient memory); the others as <see cref="Nlri"/>. A position is an index into the
/// packed list (non-negative) or the complement of an index into the other list. Routes are taken from
/// the tail, so sending a message's worth moves nothing.
/// </summary>
internal sealed class PendingGroup(Afi afi, ExportedRoute? route)
{
    private ulong[] _packed = [];
    private int _packedCount;
    private Nlri[] _other = [];
    private int _otherCount;

    public Afi Afi { get; } = afi;
    public ExportedRoute? Route { get; } = route;
    /// <summary>True while the group sits in the send queue (it may have emptied since).</summary>
    public bool Queued { get; set; }

    public int Count => _packedCount + _otherCount;

    /// <summary>Appends <paramref name="nlri"/>; returns its position.</summary>
    public int Add(in Nlri nlri)
    {
        if (CompactNlri.TryPack(nlri, out ulong key))
        {
            if (_packedCount == _packed.Length) Array.Resize(ref _packed, Math.Max(8, _packed.Length * 2));
            _packed[_packedCount] = key;
            return _packedCount++;
        }
        if (_otherCount == _other.Length) Array.Resize(ref _other, Math.Max(4, _other.Length * 2));
        _other[_otherCount] = nlri;
        return ~_otherCount++;
    }

    /// <summary>
    /// Removes the route at <paramref name="position"/> by moving the last route of its list there; true
    /// (and that route) when one moved, so the caller can update its recorded position.
    /// </summary>
    public bool RemoveAt(int position, out Nlri moved)
    {
        if (position >= 0)
        {
            int last = --_packedCount;
            if (position != last)
            {
                _packed[position] = _packed[last];
                moved = CompactNlri.Unpack(_packed[position]);
                return true;
            }
        }
        else
        {
            int index = ~position, last = --_otherCount;
            if (index != last)
            {
                _other[index] = _other[last];
                _other[last] = default;
                moved = _other[index];
                return true;
            }
            _other[last] = default;
        }
        moved = default;
        return false;
    }

    /// <summary>
    /// Copies routes from the tail (the other list first, then the packed one) into <paramref name="scratch"/>
    /// (grown as needed) while they fit in <paramref name="room"/> octets as UpdatePacker counts them, without
    /// removing them: the caller drops them with <see cref="DropTail"/> once the UPDATE is written.
    /// </summary>
    public int PeekTail(ref Nlri[] scratch, bool addPath, int room, out int used)
    {
        int perRoute = addPath ? 5 : 1;
        used = 0;
        int take = 0;
        for (int i = _otherCount - 1; i >= 0; i--)
        {
            int size = perRoute + _other[i].Prefix.ByteCount;
            if (used + size > room) return take;
            if (take == scratch.Length) Array.Resize(ref scratch, scratch.Length * 2);
            scratch[take++] = _other[i];
            used += size;
        }
        for (int i = _packedCount - 1; i >= 0; i--)
        {
            ulong key = _packed[i];
            int size = perRoute + CompactNlri.ByteCount(key);
            if (used + size > room) return take;
            if (take == scratch.Length) Array.Resize(ref scratch, scratch.Length * 2);
            scratch[take++] = CompactNlri.Unpack(key);
            used += size;
        }
        return take;
    }

    /// <summary>Removes the <paramref name="count"/> routes <see cref="PeekTail"/> returned.</summary>
    public void DropTail(int count)
    {
        int fromOther = Math.Min(count, _otherCount);
        Array.Clear(_other, _otherCount - fromOther, fromOther);
        _otherCount -= fromOther;
        _packedCount -= count - fromOther;
    }

    /// <summary>Empties the group; with <paramref name="trim"/> also gives a mass change's storage back.</summary>
    public void Clear(bool trim)
    {
        Array.Clear(_other, 0, _otherCount);
        _packedCount = 0;
        _otherCount = 0;
        if (trim && _packed.Length > 1024) _packed = [];
        if (trim && _other.Length > 1024) _other = [];
    }
}
