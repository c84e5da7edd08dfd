using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

/// <summary>
/// Output of update groups (<see cref="RibEngineSettings.UpdateGroups"/>, RibEngine.Groups.cs): the members share
/// one Adj-RIB-Out, so each chunk is written once and offered to every member's session. A member whose queue is
/// full gets the rest of that chunk from a send task of its own, as a peer of its own would; the group writes its
/// next chunk only when no member has one on its way (the slowest member paces the group, as in FRR), so every
/// member is given every octet, in order. The loop merges quiet groups after each drain round.
/// </summary>
public sealed partial class RibLoop
{
    private readonly List<int> _members = [];
    private readonly Func<int, bool> _isSending;
    // Without update groups every peer has its own Adj-RIB-Out: the drain asks nothing more than before.
    private readonly bool _groups;

    /// <summary>True while a send task holds octets already written for the peer.</summary>
    private bool IsSending(int peerId) => Binding(peerId) is { Sending: true };

    /// <summary>Writes and offers the pending output of the update group whose first member is <paramref name="leaderId"/>.</summary>
    private void DrainGroup(int leaderId, CancellationToken cancellationToken)
    {
        _members.Clear();
        Engine.CopyGroupMembers(leaderId, _members);
        foreach (int id in _members)
            if (IsSending(id)) return;
        // Every member writes with the same options (they are part of the group's key).
        if (!Engine.TryGetPeerFacts(leaderId, out var facts)) return;
        var codec = facts.CodecOptions;
        bool more = true;
        while (more && NextChunk(leaderId, codec, out more) is { } chunk)
        {
            bool waiting = false;
            foreach (int id in _members)
            {
                // Not bound or not up here yet: its PeerDown is on its way and takes it out of the group.
                if (Binding(id) is not { CodecOptions: not null } binding) continue;
                int offset = Offer(binding.Session, chunk);
                if (offset == chunk.Length) continue;
                binding.Sending = true;
                binding.SendTask = SendRestAsync(binding, chunk, offset, binding.Generation, cancellationToken);
                waiting = true;
            }
            if (waiting) break;
        }
    }
}
