using System.Buffers.Binary;
using System.Threading.Channels;
using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

/// <summary>
/// Output, one Adj-RIB-Out at a time: a peer's own, or an update group's (<see cref="RibEngineSettings.UpdateGroups"/>,
/// RibEngine.Groups.cs), whose members share it. Each chunk is written once and offered to every member's session
/// (a peer of its own is a group of one). A member whose queue is full gets the rest of that chunk from a send task
/// of its own, and nothing more is written until no member has one on its way (the slowest member paces the group,
/// as in FRR), so every member is given every octet, in order; but for at most
/// <see cref="RibLoopOptions.GroupStallSplitAfter"/>: then the stalled member splits off into a group of its own
/// (RibEngine.SplitStalledMember; its send task still delivers the rest of its chunk, and its own Adj-RIB-Out holds
/// what it is owed after that) and the others go on at once. Without that bound one member that stops reading froze
/// the routes of every other member until its send hold timer (RFC 9687) ended its session, minutes later; BIRD has
/// no such coupling. Checked where a group is held back (<see cref="DrainTarget"/>), at every drain round while it has
/// output to write; when no command comes, the trim tick (RibLoop.Trim.cs), which runs every second while output is
/// pending, brings that round, so a group is not left frozen. The loop merges quiet groups
/// after each drain round, the split-off member's among them once it has caught up (it keeps the group's key).
/// </summary>
public sealed partial class RibLoop
{
    private readonly List<int> _members = [];
    private readonly List<RibSessionBinding> _targets = [];
    private readonly Func<int, bool> _isSending;
    // Without update groups there is nothing to merge.
    private readonly bool _groups;
    private long _stallSplits;

    /// <summary>Members split off for holding their update group back so far (for tests).</summary>
    internal long StallSplits => Volatile.Read(ref _stallSplits);

    /// <summary>True while a send task holds octets already written for the peer.</summary>
    private bool IsSending(int peerId) => Binding(peerId) is { Sending: true };

    /// <summary>Writes and offers the pending output of <paramref name="peerId"/>: its own, or its group's when it exports for one.</summary>
    private void DrainTarget(int peerId, CancellationToken cancellationToken)
    {
        if (!CollectTargets(peerId, out int writer)) return;
        // The members write with the same options (they are part of the group's key).
        var codec = _targets[0].CodecOptions!;
        bool more = true;
        while (more && NextChunk(writer, codec, out more) is { } chunk)
        {
            bool waiting = false;
            foreach (var binding in _targets)
            {
                int offset = Offer(binding, chunk);
                if (offset == chunk.Length) continue;
                // The session's queue is full: the rest waits in a send task, and nothing more is encoded for this
                // Adj-RIB-Out until it reports back. (Or that session ended: the task gives up at once and reports back.)
                binding.Sending = true;
                binding.SendingSince = _options.Time.GetTimestamp();
                binding.SendTask = SendRestAsync(binding, chunk, offset, binding.Generation, binding.ConnectionEpoch, cancellationToken);
                waiting = true;
            }
            if (waiting) break;
        }
        _targets.Clear();
    }

    /// <summary>
    /// Fills <see cref="_targets"/> with the sessions of <paramref name="peerId"/>'s group that can be offered output now,
    /// and <paramref name="writer"/> with the member whose id the group's writes go by; false when nothing is to be written
    /// now: a member still has octets on their way (its send task reports back), or no member can take any. A member
    /// holding a group of several back for longer than <see cref="RibLoopOptions.GroupStallSplitAfter"/> splits off first.
    /// </summary>
    private bool CollectTargets(int peerId, out int writer)
    {
        writer = peerId;
        while (true)
        {
            _members.Clear();
            _targets.Clear();
            Engine.CopyGroupMembers(writer, _members);
            RibSessionBinding? stalled = null;
            bool waiting = false;
            foreach (int id in _members)
            {
                var binding = Binding(id);
                if (binding is { Sending: true })
                {
                    waiting = true;
                    if (_members.Count > 1 && IsStalled(binding)) stalled = binding;
                    else break;
                }
                // Not bound or not up here yet: its PeerDown is on its way (and takes it out of its group).
                else if (binding is { CodecOptions: not null }) _targets.Add(binding);
            }
            if (!waiting) break;
            if (stalled is null || !Engine.SplitStalledMember(stalled.PeerId))
            {
                // Held back by a member not stalled (yet). Its send task reports back, or, the output being pending, the
                // trim tick wakes the loop within a second (RibLoop.Trim.cs) and this looks again.
                _targets.Clear();
                return false;
            }
            Volatile.Write(ref _stallSplits, _stallSplits + 1);
            // The rest of the group goes on under another member (the split-off one may have written for it).
            if (writer == stalled.PeerId) writer = _members[0] == writer ? _members[1] : _members[0];
        }
        return _targets.Count > 0;
    }

    /// <summary>A send task has held octets for the peer longer than <see cref="RibLoopOptions.GroupStallSplitAfter"/>.</summary>
    private bool IsStalled(RibSessionBinding binding) =>
        _options.GroupStallSplitAfter is { } after && _options.Time.GetElapsedTime(binding.SendingSince) >= after;

    /// <summary>
    /// Offers the UPDATEs in <paramref name="chunk"/> one by one without waiting, to the connection of the session
    /// they were written for; returns the offset of the first one refused (queue full, or that session ended).
    /// </summary>
    private static int Offer(RibSessionBinding binding, byte[] chunk)
    {
        var session = binding.Session;
        long epoch = binding.ConnectionEpoch;
        int offset = 0;
        while (offset < chunk.Length)
        {
            int length = MessageLength(chunk, offset);
            if (!session.TrySendUpdate(epoch, chunk.AsMemory(offset, length))) break;
            offset += length;
        }
        return offset;
    }

    private async Task SendRestAsync(RibSessionBinding binding, byte[] chunk, int offset, long generation, long connectionEpoch,
        CancellationToken cancellationToken)
    {
        try
        {
            while (offset < chunk.Length && binding.Generation == generation)
            {
                int length = MessageLength(chunk, offset);
                // False: the session the chunk was written for ended (it may be up again on another connection, which
                // must not get it); its PeerDown follows and the Adj-RIB-Out is cleared then.
                if (!await binding.Session.SendUpdateAsync(connectionEpoch, chunk.AsMemory(offset, length), cancellationToken).ConfigureAwait(false)) break;
                offset += length;
            }
            await _commands.Writer.WriteAsync(new PeerDrained(binding.PeerId), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (ChannelClosedException)
        {
            // The loop stopped.
        }
    }

    /// <summary>The length field of the BGP header at <paramref name="offset"/> (RFC 4271 4.1: octets 16-17).</summary>
    private static int MessageLength(byte[] buffer, int offset) =>
        BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(offset + 16, 2));
}
