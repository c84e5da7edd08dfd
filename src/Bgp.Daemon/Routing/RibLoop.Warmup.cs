using Bgp.Protocol;
using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

/// <summary>
/// The loop's own command handling and output encoding, driven synchronously for a loop that is never
/// started and has no sessions: <see cref="UpdatePathWarmup"/> runs a private exchange through them at
/// startup so that the JIT compiles the UPDATE path before a peer's table arrives.
/// </summary>
public sealed partial class RibLoop
{
    /// <summary>The sizes this loop runs with (a warm-up loop copies them).</summary>
    internal RibLoopOptions Options => _options;

    /// <summary>One command as the loop task applies it, then the outcomes it left (none reach a session: there are none).</summary>
    internal void HandleWithoutSessions(RibCommand command)
    {
        Handle(command);
        ActOnOutcomes();
    }

    /// <summary>
    /// One drain round as <see cref="DrainOutput"/> does it, the same budget and chunk sharing, except that
    /// each chunk goes to <paramref name="deliver"/> instead of a session's send queue.
    /// </summary>
    /// <param name="codecOf">The codec options of the peer's session, null to skip the peer (not up).</param>
    internal void DrainWithoutSessions(Func<int, CodecOptions?> codecOf, Action<int, byte[]> deliver)
    {
        ArgumentNullException.ThrowIfNull(codecOf);
        ArgumentNullException.ThrowIfNull(deliver);
        // As the loop task does once no command waits (RibEngine.Batch.cs).
        Engine.FlushExports();
        _pendingPeers.Clear();
        Engine.CollectPeersWithPending(_pendingPeers);
        foreach (int peerId in _pendingPeers)
        {
            if (codecOf(peerId) is not { } codec) continue;
            bool more = true;
            while (more && NextChunk(peerId, codec, out more) is { } chunk) deliver(peerId, chunk);
        }
        _roundChunks.Clear();
    }
}
