using System.Buffers;
using System.Collections.Immutable;
using System.Net;
using System.Runtime;
using Bgp.Protocol;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Routing;

/// <summary>
/// Compiles the UPDATE path before any session can deliver an UPDATE. bgpd JITs every method fully optimized
/// at its first call (no tiered compilation: PGO tiers measured 40 % slower on a full table), so without this
/// the decoder, the import, the Loc-RIB, the decision process, export, the Adj-RIB-Out and the packer were
/// all compiled while the first peer's table streamed in (about 0.17 s of a 2.2 s full-table run, bench
/// workload 1). Here a private exchange goes through the real code once, at startup.
/// <para>
/// The exchange: a private <see cref="RibEngine"/> with the daemon's settings inside a private, never
/// started <see cref="RibLoop"/> (its own command handling and output encoding, RibLoop.Warmup.cs); an eBGP
/// source, an iBGP source, an eBGP sink and an iBGP sink that comes up mid-table (the initial-table path);
/// each peer's octets pass through an in-memory pipe and are framed and decoded as BgpConnection does
/// (<see cref="WarmupWire"/>), with the codec options of a typical session (4-octet AS, IPv4 and IPv6
/// unicast). The table is large enough that the Loc-RIB grows past its first chunk and rehashes its index and
/// the sinks' Adj-RIBs-Out go dense; then replacements, withdrawals (IPv4 withdrawn routes and
/// MP_UNREACH_NLRI) and every peer down. The counts each sink decoded are checked against the table.
/// </para>
/// <para>
/// Nothing here touches the daemon's RIB, loop, observers, sessions or log: the caller logs the result.
/// </para>
/// </summary>
internal sealed partial class UpdatePathWarmup : IAsyncDisposable
{
    /// <summary>What a modern session negotiates: 4-octet AS (RFC 6793), no ADD-PATH, 4096-octet messages.</summary>
    private static readonly CodecOptions SessionOptions = CodecOptions.FourOctet;
    private static readonly ImmutableArray<AfiSafi> Families = [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast];
    private static readonly PeerRibOptions Open = new() { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.AcceptAll };
    /// <summary>Octets the source wires take at a time, like socket reads: messages straddle them.</summary>
    private const int ReadSize = 16 * 1024;

    private const int ExternalSource = 1;
    private const int InternalSource = 2;
    private const int ExternalSink = 3;
    private const int InternalSink = 4;
    private const int BackupSource = 5;

    private readonly RibLoop _loop;
    private readonly RibLoopOptions _options;
    private readonly uint _localAs;
    private readonly uint _externalAs;
    private readonly uint _sinkAs;
    private readonly uint _backupAs;
    private readonly List<string> _problems = [];
    // Per peer: what it sends us (its UPDATEs, posted to the loop) and what we send it (counted).
    private readonly Dictionary<int, WarmupWire> _inbound = [];
    private readonly Dictionary<int, WarmupWire> _outbound = [];
    private readonly List<UpdateMessage> _updates = [];
    private readonly Func<int, CodecOptions?> _codecOf;
    private readonly Action<int, byte[]> _deliver;
    private int _sinceDrain;
    private bool _holding;
    private CancellationToken _cancellation;

    private UpdatePathWarmup(RibEngineSettings settings, RibLoopOptions options)
    {
        _options = options;
        _loop = new RibLoop(new RibEngine(settings), options);
        _localAs = settings.LocalAs;
        _externalAs = Asn(4_200_000_001);
        _sinkAs = Asn(_externalAs + 1);
        _backupAs = Asn(_sinkAs + 1);
        _codecOf = CodecOf;
        _deliver = Deliver;
    }

    /// <summary>
    /// Runs the exchange with a RIB configured as <paramref name="settings"/> and a loop sized as
    /// <paramref name="options"/> (the daemon's). The exchange itself is synchronous, on the caller's thread;
    /// only the private loop's disposal is awaited. Throws OperationCanceledException when <paramref name="cancellationToken"/> is
    /// cancelled before or during the exchange, otherwise only on a broken invariant; the caller logs and goes on.
    /// </summary>
    public static async Task<UpdatePathWarmupResult> RunAsync(RibEngineSettings settings, RibLoopOptions? options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        cancellationToken.ThrowIfCancellationRequested();
        long methods = JitInfo.GetCompiledMethodCount(currentThread: false);
        var jit = JitInfo.GetCompilationTime(currentThread: false);
        long start = time.GetTimestamp();
        await using var warmup = new UpdatePathWarmup(settings, options ?? RibLoopOptions.Default);
        var (announced, withdrawn) = warmup.Exchange(cancellationToken);
        var externalSink = warmup._outbound[ExternalSink];
        var internalSink = warmup._outbound[InternalSink];
        return new UpdatePathWarmupResult
        {
            RoutesAnnounced = announced,
            RoutesWithdrawn = withdrawn,
            ExternalSinkAnnounced = externalSink.Announced,
            ExternalSinkWithdrawn = externalSink.Withdrawn,
            InternalSinkAnnounced = internalSink.Announced,
            InternalSinkWithdrawn = internalSink.Withdrawn,
            Elapsed = time.GetElapsedTime(start),
            MethodsCompiled = JitInfo.GetCompiledMethodCount(currentThread: false) - methods,
            JitTime = JitInfo.GetCompilationTime(currentThread: false) - jit,
            Problems = [.. warmup._problems],
        };
    }

    /// <summary>
    /// The private loop never started: this ends at once. The private RIB's native stores go back now: left to its
    /// finalizers they outlived the collection after the warm-up and kept their huge-page blocks in the daemon's
    /// idle RSS (80.8 MB against 72.3 before the stores were native, workload 1's rss_idle_kb).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _loop.DisposeAsync().ConfigureAwait(false);
        _loop.Engine.Rib.ReleaseStorage();
    }

    private (int Announced, int Withdrawn) Exchange(CancellationToken cancellationToken)
    {
        // Checked at every drain (between phases and every MaxBatch commands): a stop during the start does not
        // wait for the whole exchange, which takes a second or more on a loaded machine.
        _cancellation = cancellationToken;
        var externalV4 = Ipv4Prefixes(ExternalIpv4Routes, 20);
        var externalV6 = Ipv6Prefixes(ExternalIpv6Routes, 0x2a00);
        var internalV4 = Ipv4Prefixes(InternalIpv4Routes, 60);
        var internalV6 = Ipv6Prefixes(InternalIpv6Routes, 0x2b00);
        var stream = new ArrayBufferWriter<byte>(1 << 20);

        // Sessions come up before the table (bench workload 1: the receivers, then the full-table source).
        Up(ExternalSink, _sinkAs, internalPeer: false, "192.0.2.3");
        Up(ExternalSource, _externalAs, internalPeer: false, "192.0.2.1");
        Up(InternalSource, _localAs, internalPeer: true, "192.0.2.2");
        Drain();

        // The iBGP source's routes, a fourth of them withdrawn again within the batch: the eBGP sink's
        // Adj-RIB-Out (still a map) cancels them before anything is written.
        WriteAnnouncements(stream, internalV4, ipv6: false, internalSource: true, generation: 0);
        WriteAnnouncements(stream, internalV6, ipv6: true, internalSource: true, generation: 0);
        WriteWithdrawals(stream, internalV4, AfiSafi.Ipv4Unicast);
        WriteWithdrawals(stream, internalV6, AfiSafi.Ipv6Unicast);
        ReceiveBatch(InternalSource, stream.WrittenSpan);

        // The external table, the iBGP sink coming up halfway through it (it gets the first half as its
        // initial table, RFC 4271 9.2, and the rest as changes); the loop drains every MaxBatch UPDATEs.
        stream.ResetWrittenCount();
        int half = WriteAnnouncements(stream, externalV4, ipv6: false, internalSource: false, generation: 0, mark: ExternalIpv4Routes / 2);
        WriteAnnouncements(stream, externalV6, ipv6: true, internalSource: false, generation: 0);
        Receive(ExternalSource, stream.WrittenSpan[..half]);
        Up(InternalSink, _localAs, internalPeer: true, "192.0.2.4");
        Receive(ExternalSource, stream.WrittenSpan[half..]);
        Drain();

        // Churn once the sinks are dense, in one batch: every external route with a new attribute set, a fourth
        // of them withdrawn (the withdrawal overrides the pending replacement), then a fourth of the IPv6 routes
        // back as they were (what the sinks have already: their pending changes are cancelled). What is left
        // for each sink is more than one output budget (about 90 kB against 80 kB).
        stream.ResetWrittenCount();
        WriteAnnouncements(stream, externalV4, ipv6: false, internalSource: false, generation: 1);
        WriteAnnouncements(stream, externalV6, ipv6: true, internalSource: false, generation: 1);
        WriteWithdrawals(stream, externalV4, AfiSafi.Ipv4Unicast);
        WriteWithdrawals(stream, externalV6, AfiSafi.Ipv6Unicast);
        WriteAnnouncements(stream, externalV6[..RestoredIpv6Routes], ipv6: true, internalSource: false, generation: 0);
        ReceiveBatch(ExternalSource, stream.WrittenSpan);

        // A second eBGP source sends the external table with longer AS paths, then End-of-RIB for both families:
        // every prefix has two paths to decide between (bench workload 2 keeps four), and the End-of-RIB ends its
        // stale sweep and the deferral. Its paths win only where the churn withdrew the first source's; the sinks
        // get those, and lose them when it goes, before the first source.
        Up(BackupSource, _backupAs, internalPeer: false, "192.0.2.5");
        stream.ResetWrittenCount();
        WriteAnnouncements(stream, externalV4, ipv6: false, internalSource: false, BackupGeneration, peerAs: _backupAs);
        WriteAnnouncements(stream, externalV6, ipv6: true, internalSource: false, BackupGeneration, peerAs: _backupAs);
        foreach (var family in Families) BgpEncoder.Write(UpdateMessage.EndOfRibFor(family), stream, SessionOptions);
        Receive(BackupSource, stream.WrittenSpan);
        Drain();
        Down(BackupSource);
        Drain();

        // The sources go: the sinks lose every route left; then the sinks go.
        Down(ExternalSource);
        Down(InternalSource);
        Drain();
        Down(ExternalSink);
        Down(InternalSink);
        Drain();

        Check();
        return (_inbound[ExternalSource].Announced + _inbound[InternalSource].Announced + _inbound[BackupSource].Announced,
            _inbound[ExternalSource].Withdrawn + _inbound[InternalSource].Withdrawn);
    }

    private void Up(int peerId, uint peerAs, bool internalPeer, string address)
    {
        var ip = IPAddress.Parse(address);
        var facts = new PeerFacts(ip, peerAs, RouterId.Parse(address), internalPeer, Families, SessionOptions)
        {
            LocalAddressV4 = IPAddress.Parse("192.0.2.254"),
            LocalAddressV6 = IPAddress.Parse("2001:db8::fe"),
        };
        _inbound[peerId] = new WarmupWire(peerId, SessionOptions, _problems);
        _outbound[peerId] = new WarmupWire(peerId, SessionOptions, _problems);
        Handle(new PeerUp(peerId, facts, Open));
    }

    private void Down(int peerId) => Handle(new PeerDown(peerId));

    private void Handle(RibCommand command)
    {
        _loop.HandleWithoutSessions(command);
        // The loop drains after each batch of commands.
        if (++_sinceDrain >= _options.MaxBatch && !_holding) Drain();
    }

    private void Drain()
    {
        _cancellation.ThrowIfCancellationRequested();
        _sinceDrain = 0;
        _loop.DrainWithoutSessions(_codecOf, _deliver);
    }

    private CodecOptions? CodecOf(int peerId) => _outbound.TryGetValue(peerId, out var wire) ? wire.Options : null;

    /// <summary>A chunk of UPDATEs the loop encoded for a peer, read back from the peer's side of its wire.</summary>
    private void Deliver(int peerId, byte[] chunk) => _outbound[peerId].Transfer(chunk, null);

    /// <summary>
    /// <see cref="Receive"/> as one batch of the loop, drained once at the end, whatever the batch size: the
    /// counts of <see cref="Check"/> rest on these changes meeting in the Adj-RIBs-Out before a write.
    /// </summary>
    private void ReceiveBatch(int peerId, ReadOnlySpan<byte> octets)
    {
        Drain();
        _holding = true;
        Receive(peerId, octets);
        _holding = false;
        Drain();
    }

    /// <summary>The peer's octets, read in socket-sized pieces; every UPDATE goes to the loop as the session would post it.</summary>
    private void Receive(int peerId, ReadOnlySpan<byte> octets)
    {
        var wire = _inbound[peerId];
        for (int offset = 0; offset < octets.Length; offset += ReadSize)
        {
            _updates.Clear();
            wire.Transfer(octets.Slice(offset, Math.Min(ReadSize, octets.Length - offset)), _updates);
            foreach (var update in _updates) Handle(new UpdateReceived(peerId, update));
        }
        _updates.Clear();
    }

    /// <summary>Every count against what the table implies, and the private RIB back to empty.</summary>
    private void Check()
    {
        Expect("routes from the eBGP source", _inbound[ExternalSource].Announced, 2 * ExternalRoutes + RestoredIpv6Routes);
        Expect("withdrawals from the eBGP source", _inbound[ExternalSource].Withdrawn, ExternalWithdrawn);
        Expect("routes from the iBGP source", _inbound[InternalSource].Announced, InternalRoutes);
        Expect("withdrawals from the iBGP source", _inbound[InternalSource].Withdrawn, InternalWithdrawn);
        Expect("routes from the second eBGP source", _inbound[BackupSource].Announced, ExternalRoutes);
        Expect("End-of-RIBs from the second eBGP source", _inbound[BackupSource].EndOfRibs, Families.Length);
        var external = _outbound[ExternalSink];
        var @internal = _outbound[InternalSink];
        Expect("routes to the eBGP sink", external.Announced, ExpectedExternalSinkAnnounced);
        Expect("withdrawals to the eBGP sink", external.Withdrawn, ExpectedExternalSinkWithdrawn);
        Expect("End-of-RIBs to the eBGP sink", external.EndOfRibs, Families.Length);
        Expect("routes to the iBGP sink", @internal.Announced, ExpectedInternalSinkAnnounced);
        Expect("withdrawals to the iBGP sink", @internal.Withdrawn, ExpectedInternalSinkWithdrawn);
        Expect("End-of-RIBs to the iBGP sink", @internal.EndOfRibs, Families.Length);
        var engine = _loop.Engine;
        Expect("peers left in the RIB", engine.PeerCount, 0);
        Expect("IPv4 prefixes left in the Loc-RIB", engine.Rib.Ipv4.PrefixCount, 0);
        Expect("IPv6 prefixes left in the Loc-RIB", engine.Rib.Ipv6.PrefixCount, 0);
    }

    private void Expect(string what, int actual, int expected)
    {
        if (actual != expected) _problems.Add($"{what}: {actual}, expected {expected}");
    }
}
