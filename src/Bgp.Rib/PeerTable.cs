namespace Bgp.Rib;

/// <summary>The peers the RIB knows, indexed by their small numeric id.</summary>
public sealed class PeerTable
{
    private RibPeer?[] _peers = new RibPeer?[16];

    public int Count { get; private set; }

    public void Add(RibPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (peer.Id >= _peers.Length) Array.Resize(ref _peers, Math.Max(peer.Id + 1, _peers.Length * 2));
        if (_peers[peer.Id] is not null) throw new InvalidOperationException($"peer id {peer.Id} is already in use");
        _peers[peer.Id] = peer;
        Count++;
    }

    /// <summary>Forgets a peer; its paths must have been removed first (<see cref="Rib.PeerDown"/>).</summary>
    public bool Remove(int id)
    {
        if ((uint)id >= (uint)_peers.Length || _peers[id] is null) return false;
        _peers[id] = null;
        Count--;
        return true;
    }

    public bool TryGet(int id, out RibPeer peer)
    {
        peer = (uint)id < (uint)_peers.Length ? _peers[id]! : null!;
        return peer is not null;
    }

    public RibPeer this[int id] =>
        (uint)id < (uint)_peers.Length && _peers[id] is { } p ? p : throw new KeyNotFoundException($"no peer with id {id}");
}
