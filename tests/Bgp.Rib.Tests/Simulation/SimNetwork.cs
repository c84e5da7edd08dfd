using System.Buffers;
using Bgp.Protocol;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;

namespace Bgp.Rib.Tests.Simulation;

/// <summary>
/// A deterministic in-process network of <see cref="RibEngine"/>s (the RIB issue's "many speakers over
/// in-memory transports"). Links skip the FSM: both ends get <see cref="PeerUp"/> with facts as an OPEN
/// exchange would have settled them. <see cref="Run"/> then moves bytes until quiescence: each step picks,
/// with a seeded <see cref="Random"/>, either a session whose engine has pending output (drained with
/// <see cref="RibEngine.WritePending(int, IBufferWriter{byte}, int, CodecOptions)"/> under a random budget of
/// one to three maximum-size messages, the bytes decoded with <see cref="BgpDecoder"/> as the receiving
/// session would) or a session with UPDATEs in flight (the oldest delivered as <see cref="UpdateReceived"/>).
/// Each direction stays in order as on TCP; everything else interleaves, so order dependence shows up as a
/// difference between seeds. Nothing reads a clock; the same seed gives the same run.
/// </summary>
internal sealed class SimNetwork(int seed)
{
    private static readonly PeerRibOptions External = new() { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.AcceptAll };

    private readonly Random _random = new(seed);
    private readonly List<SimSession> _sessions = [];
    private readonly List<SimSession> _candidates = [];
    private readonly ArrayBufferWriter<byte> _output = new();

    public List<SimSpeaker> Speakers { get; } = [];
    public IReadOnlyList<SimSession> Sessions => _sessions;

    /// <summary>UPDATE messages delivered so far (End-of-RIB included).</summary>
    public long Delivered { get; private set; }

    /// <summary>Announced routes delivered to a router whose own CLUSTER_ID or router id they carried (which it must drop).</summary>
    public long LoopedRoutesDelivered { get; private set; }

    /// <summary>A running hash of which session did what at each step, to show that a seed replays exactly.</summary>
    public long TraceHash { get; private set; } = 17;

    public SimSpeaker AddSpeaker(uint localAs, uint? clusterId = null)
    {
        var speaker = new SimSpeaker(Speakers.Count, localAs, clusterId);
        Speakers.Add(speaker);
        return speaker;
    }

    /// <summary>
    /// Brings a session up between <paramref name="a"/> and <paramref name="b"/>: internal when they share an
    /// AS (eBGP sessions get accept-all filters, since RFC 8212 rejects everything without them), IPv4 and
    /// IPv6 unicast, 4-octet AS. <paramref name="bIsClientOfA"/>: A reflects for B (RFC 4456), and vice versa.
    /// </summary>
    public void Connect(SimSpeaker a, SimSpeaker b, bool bIsClientOfA = false, bool aIsClientOfB = false, CodecOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        options ??= CodecOptions.FourOctet;
        int idAtA = a.NextPeerId++, idAtB = b.NextPeerId++;
        var ab = new SimSession(a, idAtA, b, idAtB, options) { Up = true };
        var ba = new SimSession(b, idAtB, a, idAtA, options) { Up = true };
        _sessions.Add(ab);
        _sessions.Add(ba);
        a.Engine.Execute(new PeerUp(idAtA, FactsOf(a, b, options), Options(a, b, bIsClientOfA)));
        b.Engine.Execute(new PeerUp(idAtB, FactsOf(b, a, options), Options(b, a, aIsClientOfB)));
    }

    /// <summary>Takes the session between <paramref name="a"/> and <paramref name="b"/> down at both ends, dropping what was in flight.</summary>
    public void Disconnect(SimSpeaker a, SimSpeaker b)
    {
        foreach (var s in _sessions)
        {
            if (!s.Up || s.Sender != a || s.Receiver != b) continue;
            var back = _sessions.Single(r => r.Sender == b && r.Receiver == a && r.Up);
            s.Up = back.Up = false;
            s.InFlight.Clear();
            back.InFlight.Clear();
            a.Engine.Execute(new PeerDown(s.SenderPeerId));
            b.Engine.Execute(new PeerDown(back.SenderPeerId));
            return;
        }
        throw new InvalidOperationException($"no session between {a} and {b}");
    }

    public void Originate(SimSpeaker speaker, Prefix prefix)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        speaker.Originated.Add(prefix);
        speaker.Engine.Execute(new Originate(prefix));
    }

    public void StopOriginating(SimSpeaker speaker, Prefix prefix)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        speaker.Originated.Remove(prefix);
        speaker.Engine.Execute(new StopOriginating(prefix));
    }

    /// <summary>The session ids of <paramref name="speaker"/> that are up, with the router at the other end.</summary>
    public IEnumerable<(int PeerId, SimSpeaker Remote)> PeersOf(SimSpeaker speaker) =>
        _sessions.Where(s => s.Up && s.Sender == speaker).Select(s => (s.SenderPeerId, s.Receiver));

    /// <summary>
    /// Runs until no engine has output pending and nothing is in flight; returns the number of steps.
    /// Throws when <paramref name="maxSteps"/> pass first (the routers oscillate, or the budget is too small).
    /// </summary>
    public int Run(int maxSteps = 2_000_000)
    {
        for (int step = 0; step < maxSteps; step++)
        {
            _candidates.Clear();
            // A session appears twice when it can do both; either action may be picked.
            foreach (var s in _sessions)
            {
                if (s.SenderHasPending) _candidates.Add(s);
                if (s.InFlight.Count > 0) _candidates.Add(s);
            }
            if (_candidates.Count == 0) return step;
            int pick = _random.Next(_candidates.Count);
            var session = _candidates[pick];
            bool drain = session.SenderHasPending && (session.InFlight.Count == 0 || _random.Next(2) == 0);
            TraceHash = unchecked(TraceHash * 31 + _sessions.IndexOf(session) * 2 + (drain ? 1 : 0));
            if (drain) Drain(session);
            else Deliver(session);
        }
        throw new InvalidOperationException($"no quiescence after {maxSteps} steps (seed replay: same steps again)");
    }

    private void Drain(SimSession session)
    {
        _output.ResetWrittenCount();
        int budget = session.Options.MaxMessageLength * _random.Next(1, 4);
        session.Sender.Engine.WritePending(session.SenderPeerId, _output, budget, session.Options, out int written);
        if (written != _output.WrittenCount)
            throw new InvalidOperationException($"{session}: WritePending reported {written} octets, wrote {_output.WrittenCount}");
        if (written == 0) throw new InvalidOperationException($"{session}: pending output but WritePending wrote nothing");
        // The receiver reads path identifiers where the sender writes them (RFC 7911).
        var receive = session.Options with { AddPathReceive = session.Options.AddPathSend };
        var bytes = _output.WrittenSpan;
        while (!bytes.IsEmpty)
        {
            var header = BgpDecoder.CheckHeader(bytes, receive.MaxMessageLength, out int length, out _);
            if (header is not null || length > bytes.Length)
                throw new InvalidOperationException($"{session}: bad framing: {header?.Reason ?? "truncated"}");
            var result = BgpDecoder.Decode(bytes[..length], receive);
            if (!result.Success) throw new InvalidOperationException($"{session}: undecodable UPDATE: {result.Error!.Reason}");
            if (result.Message is not UpdateMessage update)
                throw new InvalidOperationException($"{session}: WritePending wrote a {result.Message!.GetType().Name}");
            if (update.Errors.Length != 0)
                throw new InvalidOperationException($"{session}: UPDATE with errors: {update.Errors[0].Reason}");
            session.InFlight.Enqueue(update);
            bytes = bytes[length..];
        }
    }

    private void Deliver(SimSession session)
    {
        var update = session.InFlight.Dequeue();
        var receiver = session.Receiver;
        var a = update.Attributes;
        if ((a.OriginatorId == receiver.RouterId || a.ClusterList.Contains(receiver.ClusterId)))
            LoopedRoutesDelivered += update.Nlri.Length + (update.MpReach?.Nlri.Length ?? 0);
        Delivered++;
        receiver.Engine.Execute(new UpdateReceived(session.ReceiverPeerId, update));
    }

    private static PeerFacts FactsOf(SimSpeaker local, SimSpeaker remote, CodecOptions options) =>
        new(remote.AddressV4, remote.LocalAs, remote.RouterId, local.LocalAs == remote.LocalAs,
            [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast], options)
        {
            LocalAddressV4 = local.AddressV4,
            LocalAddressV6 = local.AddressV6,
        };

    private static PeerRibOptions Options(SimSpeaker local, SimSpeaker remote, bool remoteIsClient) =>
        local.LocalAs != remote.LocalAs ? External
            : remoteIsClient ? PeerRibOptions.Default with { IsReflectorClient = true }
            : PeerRibOptions.Default;
}
