using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>
/// Storage: paths and destinations live in two arrays of structs (no object per route), prefixes are
/// found through an open-addressing table of destination indices (linear probing, backward-shift
/// deletion, so no tombstones), and each peer's paths form a doubly linked list through the path array,
/// which is that peer's Adj-RIB-In. Per path this costs the 32-byte path slot; per prefix the 32-byte
/// destination slot and a 4-byte bucket at most 3/4 full. Arrays grow by half, not double, to keep the
/// slack of a full table small. Arrival order is needed only by RFC 5004, so it lives in a side array
/// that exists only when that option is on.
/// </summary>
public sealed partial class LocRib
{
    private const int InitialCapacity = 16;

    private PathSlot[] _paths = new PathSlot[InitialCapacity];
    /// <summary>Arrival order per path slot (RFC 5004 "oldest"), null unless <see cref="DecisionOptions.PreferOldestExternal"/>.</summary>
    private ulong[]? _sequences;
    private int _pathHigh;
    private int _freePath = -1;

    private DestinationSlot[] _destinations = new DestinationSlot[InitialCapacity];
    private int _destinationHigh;
    private int _freeDestination = -1;

    /// <summary>0 for an empty bucket, else destination index + 1. Length is a power of two.</summary>
    private int[] _buckets = new int[InitialCapacity * 2];
    private int _bucketShift = 64 - 5;

    private int[] _peerHead = NewPeerHeads(16);
    private int[] _peerCount = new int[16];

    /// <summary>Prefixes with at least one candidate path.</summary>
    public int PrefixCount { get; private set; }

    /// <summary>Paths from every peer (the sum of the Adj-RIBs-In of this family).</summary>
    public int PathCount { get; private set; }

    private static int Grow(int length) => length + Math.Max(length / 2, InitialCapacity);

    private static int[] NewPeerHeads(int n)
    {
        var a = new int[n];
        Array.Fill(a, -1);
        return a;
    }

    /// <summary>Fibonacci hashing of the prefix's words: the top bits of the product pick the bucket.</summary>
    private int Home(in Prefix prefix)
    {
        ulong h = prefix.High ^ ((prefix.Low >> 1) | (prefix.Low << 63)) ^ ((ulong)prefix.Length << 1) ^ (prefix.IsIpv6 ? 1UL : 0UL);
        h *= 0x9E3779B97F4A7C15UL;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return (int)(h >> _bucketShift);
    }

    /// <summary>The bucket holding <paramref name="prefix"/>, or the complement of the empty bucket where it would go.</summary>
    private int FindBucket(in Prefix prefix)
    {
        int mask = _buckets.Length - 1;
        for (int i = Home(prefix); ; i = (i + 1) & mask)
        {
            int v = _buckets[i];
            if (v == 0) return ~i;
            if (_destinations[v - 1].Prefix.Equals(prefix)) return i;
        }
    }

    private int FindDestination(in Prefix prefix)
    {
        int b = FindBucket(prefix);
        return b < 0 ? -1 : _buckets[b] - 1;
    }

    private int AddDestination(in Prefix prefix, int emptyBucket)
    {
        if ((PrefixCount + 1) * 4 > _buckets.Length * 3)
        {
            GrowBuckets();
            emptyBucket = ~FindBucket(prefix);
        }
        int d;
        if (_freeDestination >= 0)
        {
            d = _freeDestination;
            _freeDestination = _destinations[d].FirstPath;
        }
        else
        {
            if (_destinationHigh == _destinations.Length) Array.Resize(ref _destinations, Grow(_destinations.Length));
            d = _destinationHigh++;
        }
        _destinations[d] = new DestinationSlot { Prefix = prefix, FirstPath = -1, Best = -1 };
        _buckets[emptyBucket] = d + 1;
        PrefixCount++;
        return d;
    }

    private void GrowBuckets()
    {
        var old = _buckets;
        _buckets = new int[old.Length * 2];
        _bucketShift--;
        int mask = _buckets.Length - 1;
        foreach (int v in old)
        {
            if (v == 0) continue;
            int i = Home(_destinations[v - 1].Prefix);
            while (_buckets[i] != 0) i = (i + 1) & mask;
            _buckets[i] = v;
        }
    }

    /// <summary>Removes an empty destination: backward-shift deletion keeps every probe chain unbroken.</summary>
    private void RemoveDestination(int d)
    {
        int mask = _buckets.Length - 1;
        int hole = FindBucket(_destinations[d].Prefix);
        _buckets[hole] = 0;
        for (int j = (hole + 1) & mask; _buckets[j] != 0; j = (j + 1) & mask)
        {
            int home = Home(_destinations[_buckets[j] - 1].Prefix);
            // The entry at j may move back into the hole unless its home lies cyclically in (hole, j].
            bool stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
            if (stays) continue;
            _buckets[hole] = _buckets[j];
            _buckets[j] = 0;
            hole = j;
        }
        _destinations[d] = new DestinationSlot { FirstPath = _freeDestination, Best = -1 };
        _freeDestination = d;
        PrefixCount--;
    }

    private int FindPath(int d, int peerId, uint pathId)
    {
        for (int p = _destinations[d].FirstPath; p >= 0; p = _paths[p].NextInDestination)
            if (_paths[p].Peer == peerId && _paths[p].PathId == pathId) return p;
        return -1;
    }

    private int AddPath(int d, int peerId, uint pathId, RouteAttributes attributes)
    {
        int p;
        if (_freePath >= 0)
        {
            p = _freePath;
            _freePath = _paths[p].NextInDestination;
        }
        else
        {
            if (_pathHigh == _paths.Length)
            {
                Array.Resize(ref _paths, Grow(_paths.Length));
                if (_sequences is not null) Array.Resize(ref _sequences, _paths.Length);
            }
            p = _pathHigh++;
        }
        if (peerId >= _peerHead.Length)
        {
            int n = Math.Max(peerId + 1, _peerHead.Length * 2);
            int old = _peerHead.Length;
            Array.Resize(ref _peerHead, n);
            Array.Fill(_peerHead, -1, old, n - old);
            Array.Resize(ref _peerCount, n);
        }
        int head = _peerHead[peerId];
        _paths[p] = new PathSlot
        {
            Attributes = attributes,
            Destination = d,
            NextInDestination = _destinations[d].FirstPath,
            PreviousInPeer = -1,
            NextInPeer = head,
            PathId = pathId,
            Peer = (ushort)peerId,
        };
        if (_sequences is not null) _sequences[p] = ++_sequence;
        if (head >= 0) _paths[head].PreviousInPeer = p;
        _peerHead[peerId] = p;
        _peerCount[peerId]++;
        _destinations[d].FirstPath = p;
        PathCount++;
        return p;
    }

    /// <summary>Unlinks a path from its destination and its peer, gives back its attribute reference, frees the slot.</summary>
    private void RemovePath(int p)
    {
        ref var slot = ref _paths[p];
        int d = slot.Destination;
        if (_destinations[d].FirstPath == p) _destinations[d].FirstPath = slot.NextInDestination;
        else
        {
            int q = _destinations[d].FirstPath;
            while (_paths[q].NextInDestination != p) q = _paths[q].NextInDestination;
            _paths[q].NextInDestination = slot.NextInDestination;
        }
        if (slot.PreviousInPeer >= 0) _paths[slot.PreviousInPeer].NextInPeer = slot.NextInPeer;
        else _peerHead[slot.Peer] = slot.NextInPeer;
        if (slot.NextInPeer >= 0) _paths[slot.NextInPeer].PreviousInPeer = slot.PreviousInPeer;
        _peerCount[slot.Peer]--;
        _interner.Release(slot.Attributes!);
        slot = new PathSlot { NextInDestination = _freePath };
        _freePath = p;
        PathCount--;
    }

    internal int PeerPathCount(int peerId) => (uint)peerId < (uint)_peerCount.Length ? _peerCount[peerId] : 0;

    internal int PeerFirstPath(int peerId) => (uint)peerId < (uint)_peerHead.Length ? _peerHead[peerId] : -1;

    internal int NextPeerPath(int p) => _paths[p].NextInPeer;

    internal bool TryGetPath(int peerId, in Prefix prefix, uint pathId, out RouteAttributes attributes)
    {
        int d = FindDestination(prefix);
        int p = d >= 0 ? FindPath(d, peerId, pathId) : -1;
        attributes = p >= 0 ? _paths[p].Attributes! : null!;
        return p >= 0;
    }

    internal RibPath PathAt(int p)
    {
        ref readonly var slot = ref _paths[p];
        return new RibPath(slot.Peer, _destinations[slot.Destination].Prefix, slot.PathId, slot.Attributes!) { LocalPathId = (uint)p + 1 };
    }
}
