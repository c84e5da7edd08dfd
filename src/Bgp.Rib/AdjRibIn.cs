using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>
/// The Adj-RIB-In of one peer in one family (RFC 4271 3.2): a view over the peer's list through the
/// Loc-RIB's path array, so a path is stored once for both. Enumerate it only while nothing changes the RIB.
/// </summary>
public readonly struct AdjRibIn
{
    private readonly LocRib _rib;

    internal AdjRibIn(LocRib rib, int peerId)
    {
        _rib = rib;
        PeerId = peerId;
    }

    public int PeerId { get; }

    /// <summary>Number of paths (prefix, path identifier) held for the peer.</summary>
    public int Count => _rib.PeerPathCount(PeerId);

    /// <summary>The attributes of the peer's path <paramref name="pathId"/> to <paramref name="prefix"/>.</summary>
    public bool TryGet(Prefix prefix, uint pathId, out RouteAttributes attributes) =>
        _rib.TryGetPath(PeerId, prefix, pathId, out attributes);

    public Enumerator GetEnumerator() => new(_rib, _rib.PeerFirstPath(PeerId));

    public struct Enumerator
    {
        private readonly LocRib _rib;
        private int _next;

        internal Enumerator(LocRib rib, int first)
        {
            _rib = rib;
            _next = first;
            Current = default;
        }

        public RibPath Current { get; private set; }

        public bool MoveNext()
        {
            if (_next < 0) return false;
            Current = _rib.PathAt(_next);
            _next = _rib.NextPeerPath(_next);
            return true;
        }
    }
}
