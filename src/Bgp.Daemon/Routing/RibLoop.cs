using System.Buffers;
using System.Threading.Channels;
using Bgp.Daemon.Sessions;
using Bgp.Daemon.Transport;
using Bgp.Protocol;
using Bgp.Rib;
using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

/// <summary>
/// The single writer of the RIB: one long-running task reads <see cref="RibCommand"/>s from a bounded channel
/// and applies them to the <see cref="RibEngine"/>; after each batch it drains every peer's pending output
/// (coalesced in its Adj-RIB-Out) into that peer's <see cref="PeerSession"/>.
/// <para>
/// Output and backpressure (OpenBGPD's XON/XOFF between RDE and session engine): the loop encodes at most
/// <see cref="RibLoopOptions.OutputBudget"/> octets for a peer into a reused buffer, copies them into one
/// array (the session's queue keeps the memory until it is written, so it cannot go back to a pool; peers
/// that got the same bytes in the same round share it, see ShareChunk) and
/// offers each UPDATE with <see cref="PeerSession.TrySendUpdate"/>. When the session's bounded queue is
/// full, the rest goes to a per-peer send task that awaits <see cref="PeerSession.SendUpdateAsync(long, ReadOnlyMemory{byte}, CancellationToken)"/>
/// and then posts <see cref="PeerDrained"/> back; until then the loop encodes nothing more for that peer,
/// so a slow peer's changes keep coalescing in its Adj-RIB-Out (bounded by the table) rather than as bytes,
/// and never stall the loop or the other peers.
/// </para>
/// <para>
/// Every send (UPDATEs, End-of-RIB markers among them, a ROUTE-REFRESH, a prefix-limit Cease) names the Established
/// it was made for (<see cref="RibSessionBinding.ConnectionEpoch"/>, from the session's PeerUp). The loop learns of a
/// session's end from its PeerDown, queued behind its UPDATEs; meanwhile the peer may be up again on a new connection
/// with other codec options, and output written from the old session's Adj-RIB-Out would reach it (announcements its
/// new Adj-RIB-Out does not know of, never withdrawn; UPDATEs malformed for it). The session refuses such a send; the
/// loop takes it as it takes a session that went down: the send task gives up and posts PeerDrained, and the PeerDown
/// that follows clears the Adj-RIB-Out.
/// </para>
/// </summary>
public sealed partial class RibLoop : IAsyncDisposable
{
    private readonly Channel<RibCommand> _commands;
    private readonly RibLoopOptions _options;
    // Keeps the sessions sending at the same time in step (null when PeerReadLag is 0).
    private readonly ReadPacer? _pacer;
    private readonly Dictionary<int, RibSessionBinding> _bindings = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ArrayBufferWriter<byte> _scratch;
    private readonly List<int> _pendingPeers = [];
    // Chunks encoded in this drain round, by content hash: peers in the same position (route-reflector
    // clients, eBGP peers with the same policy) get byte-identical UPDATEs, and sharing one array keeps one
    // copy instead of one per peer in the send queues.
    private readonly Dictionary<int, byte[]> _roundChunks = [];
    private Task _run = Task.CompletedTask;
    private int _nextPeerId = RibEngine.LocalPeerId + 1;
    private bool _started;
    // Commands handled since the engine's export batch began (FlushExportsIfDue).
    private int _handledWhileBatched;

    public RibLoop(RibEngine engine, RibLoopOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _options = options ?? RibLoopOptions.Default;
        _pacer = _options.PeerReadLag > 0 ? new ReadPacer(_options.PeerReadLag) : null;
        if (_options.OutputBudget < BgpConstants.MaxExtendedMessageLength)
            throw new ArgumentOutOfRangeException(nameof(options), _options.OutputBudget, "the output budget must hold one extended message");
        Engine = engine;
        _commands = Channel.CreateBounded<RibCommand>(new BoundedChannelOptions(_options.CommandCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _scratch = new ArrayBufferWriter<byte>(_options.OutputBudget);
        _isSending = IsSending;
        _groups = engine.Settings.UpdateGroups;
        engine.BatchExports = _options.ExportBatchLimit > 0;
    }

    /// <summary>The engine; touch it only from the loop (or before it starts, or after it stopped).</summary>
    public RibEngine Engine { get; }

    /// <summary>Starts the loop task. Stop it with <see cref="StopAsync"/> or <see cref="DisposeAsync"/>.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_started) return Task.CompletedTask;
            _started = true;
            _run = Task.Factory.StartNew(() => RunAsync(_stop.Token), CancellationToken.None,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
            StartDeferralTimer();
            _ = TrimPeriodicallyAsync(_stop.Token);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Connects <paramref name="session"/> to the RIB and returns its peer id: Established, Down, UPDATE and
    /// ROUTE-REFRESH events become commands, and the RIB's output for it goes to its send queue.
    /// Attach before the session starts so that no Established is missed.
    /// </summary>
    public int Attach(PeerSession session, PeerRibOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (_nextPeerId > RibPeer.MaxId) throw new InvalidOperationException("no peer id left");
            var binding = new RibSessionBinding(_nextPeerId++, session, options ?? PeerRibOptions.Default,
                new ReadGate(_options.PeerReadHighWater, _options.PeerReadLowWater, _pacer));
            // A failed loop takes nothing (RibLoop.Fault.cs): this session's reads must never wait for it.
            if (_fault is not null) binding.ReadGate.Disable();
            binding.Subscribe();
            binding.ForwardTask = binding.ForwardAsync(_commands.Writer, _stop.Token);
            _bindings.Add(binding.PeerId, binding);
            return binding.PeerId;
        }
    }

    /// <summary>
    /// Disconnects <paramref name="session"/> from the RIB: its events stop reaching the loop, its routes are
    /// withdrawn (a PeerDown, harmless when it is already down) and the binding is forgotten, so a session
    /// for the same address can be attached again. False when it was not attached.
    /// </summary>
    public async Task<bool> DetachAsync(PeerSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        RibSessionBinding? binding = BindingOf(session);
        if (binding is null) return false;
        binding.Unsubscribe();
        // The forwarder moves what the session said before the unsubscribe, in order, then ends.
        await binding.ForwardTask.WaitAsync(cancellationToken).ConfigureAwait(false);
        await PostAsync(new PeerDown(binding.PeerId), cancellationToken).ConfigureAwait(false);
        await QueryAsync(static _ => 0, cancellationToken).ConfigureAwait(false);
        lock (_gate) _bindings.Remove(binding.PeerId);
        return true;
    }

    /// <summary>
    /// Tests only: holds what <paramref name="session"/> says from now on (PeerUp, PeerDown, UPDATEs) outside the loop
    /// until <paramref name="until"/> completes (<see cref="RibSessionBinding.ForwardHold"/>). False when not attached.
    /// </summary>
    internal bool HoldForwarding(PeerSession session, Task until)
    {
        if (BindingOf(session) is not { } binding) return false;
        binding.ForwardHold = until;
        return true;
    }

    /// <summary>Tests only: commands waiting in the loop's channel.</summary>
    internal int QueuedCommands => _commands.Reader.Count;

    /// <summary>The RIB peer id of an attached session, or null.</summary>
    public int? PeerIdOf(PeerSession session) => BindingOf(session)?.PeerId;

    /// <summary>Runs <paramref name="read"/> on the loop between commands and returns its (immutable) result.</summary>
    public Task<T> ReadAsync<T>(Func<RibEngine, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        return QueryAsync(read, cancellationToken);
    }

    /// <summary>True while the loop task runs (for the liveness probe).</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate) return _started && !_run.IsCompleted;
        }
    }

    private RibSessionBinding? BindingOf(PeerSession session)
    {
        lock (_gate)
        {
            foreach (var b in _bindings.Values)
                if (ReferenceEquals(b.Session, session)) return b;
        }
        return null;
    }

    /// <summary>
    /// Queues <paramref name="command"/> behind every event <paramref name="session"/> has raised so far, so the
    /// loop runs it after the UPDATEs before it (the kernel sync's End-of-RIB barrier). Never waits; false when
    /// the session is not attached or the loop is stopping.
    /// </summary>
    internal bool TryPostAfter(PeerSession session, RibCommand command) => BindingOf(session)?.TryEnqueue(command) ?? false;

    /// <summary>Queues a command (waits while the channel is full).</summary>
    public ValueTask PostAsync(RibCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return _commands.Writer.WriteAsync(command, cancellationToken);
    }

    public ValueTask OriginateAsync(Prefix prefix, CancellationToken cancellationToken) =>
        PostAsync(new Originate(prefix), cancellationToken);

    public ValueTask StopOriginatingAsync(Prefix prefix, CancellationToken cancellationToken) =>
        PostAsync(new StopOriginating(prefix), cancellationToken);

    /// <summary>The best path to <paramref name="prefix"/>, or null.</summary>
    public Task<LocRibEntry?> GetBestAsync(Prefix prefix, CancellationToken cancellationToken) =>
        QueryAsync(e => e.GetBest(prefix), cancellationToken);

    /// <summary>A snapshot of the Loc-RIB's best paths, made by the loop between commands.</summary>
    public Task<List<LocRibEntry>> SnapshotLocRibAsync(Afi? afi, CancellationToken cancellationToken) =>
        QueryAsync(e => e.SnapshotLocRib(afi), cancellationToken);

    /// <summary>A snapshot of one peer's (post-policy) Adj-RIB-In.</summary>
    public Task<List<LocRibEntry>> SnapshotAdjRibInAsync(int peerId, CancellationToken cancellationToken) =>
        QueryAsync(e => e.SnapshotAdjRibIn(peerId), cancellationToken);

    /// <summary>Every candidate of <paramref name="prefix"/> with the decision step that ruled it out.</summary>
    public Task<BestPathExplanation?> ExplainAsync(Prefix prefix, CancellationToken cancellationToken) =>
        QueryAsync(e => e.Explain(prefix), cancellationToken);

    private async Task<T> QueryAsync<T>(Func<RibEngine, T> read, CancellationToken cancellationToken)
    {
        var query = new ReadQuery<T>(read);
        await _commands.Writer.WriteAsync(query, cancellationToken).ConfigureAwait(false);
        return await query.Reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops taking commands, ends the loop and waits for it, the forwarders and the send tasks. After a fault too, and
    /// without throwing it: it was reported through <see cref="Faulted"/> (and stays in <see cref="Fault"/>), and thrown
    /// here it cut short the daemon's stop and this wait for the forwarders and send tasks.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        List<Task> tasks;
        Task run;
        lock (_gate)
        {
            foreach (var b in _bindings.Values) b.Unsubscribe();
            tasks = [];
            foreach (var b in _bindings.Values) tasks.Add(b.ForwardTask);
            run = _run;
        }
        _stop.Cancel();
        _commands.Writer.TryComplete();
        await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        // The loop is done: SendTask fields are no longer written.
        lock (_gate)
            foreach (var b in _bindings.Values) tasks.Add(b.SendTask);
        await Task.WhenAll(tasks).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _stop.Dispose();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _commands.Reader;
        Exception? fault = null;
        // The command being handled, for RecordFault.
        RibCommand? handling = null;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                int handled = 0;
                while (handled < _options.MaxBatch && reader.TryRead(out var command))
                {
                    handling = command;
                    Handle(command);
                    handled++;
                }
                handling = null;
                FlushExportsIfDue(handled, reader.Count);
                ActOnOutcomes();
                DrainOutput(cancellationToken);
                // Update groups (RibLoop.Groups.cs): only the loop knows which members still have octets on their way.
                if (_groups) Engine.MergeGroups(_isSending);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (Exception e)
        {
            // A broken invariant (RibLoop.Fault.cs): reported, not rethrown; the loop's task ends as after a stop.
            fault = e;
            RecordFault(e, handling);
        }
        finally
        {
            // Closed here, before the queries left are abandoned, and not only by StopAsync: a loop that a broken
            // invariant ended left it open, so a query written after waited for its reply forever and the forwarders
            // filled it and waited for room; and a loop stopped at the cancel while busy let a write slip in before
            // StopAsync's completion, after this drain. Every writer handles ChannelClosedException.
            _commands.Writer.TryComplete();
            while (reader.TryRead(out var left))
                if (left is RibQuery q) q.Abandon();
            if (fault is not null) OnFaulted(fault);
        }
    }

    /// <summary>
    /// After <paramref name="handled"/> commands, with <paramref name="queued"/> still waiting: exports the batch
    /// (RibEngine.Batch.cs), where a prefix whose best path changed again before it went out is exported once. Flushed
    /// when no command waits (the next UPDATEs are not here yet, and what is batched goes out now rather than after
    /// them), once <see cref="RibLoopOptions.ExportBatchLimit"/> prefixes wait, or once
    /// <see cref="RibLoopOptions.ExportBatchCommands"/> commands were handled since the batch began: a queue that never
    /// runs dry (a loop saturated by churn on fewer prefixes than the limit) would otherwise hold every change,
    /// withdrawals included, for as long as the churn lasts.
    /// </summary>
    internal void FlushExportsIfDue(int handled, int queued)
    {
        int batched = Engine.PendingExports;
        if (batched == 0)
        {
            _handledWhileBatched = 0;
            return;
        }
        _handledWhileBatched += handled;
        if (queued > 0 && batched < _options.ExportBatchLimit && _handledWhileBatched < _options.ExportBatchCommands) return;
        Engine.FlushExports();
        _handledWhileBatched = 0;
    }

    private void Handle(RibCommand command)
    {
        // Read by the trim timer (RibLoop.Trim.cs) to skip trims while nothing happens. Queries do not count:
        // the daemon's RIB report reads the table every 2 s, which kept an idle daemon trimming every other
        // second and never quiet long enough for the idle collection.
        if (command is not RibQuery) Volatile.Write(ref _handledCommands, _handledCommands + 1);
        switch (command)
        {
            case RibQuery query:
                // What a query reads (the Adj-RIBs-Out among it) is up to date.
                Engine.FlushExports();
                query.Answer(Engine);
                return;
            case StaleTimerExpired expired:
                OnStaleTimerExpired(expired);
                return;
            case ReplacePolicy replace:
                Engine.Execute(replace);
                if (Binding(replace.PeerId) is { } br)
                    br.Options = br.Options with { ImportFilter = replace.ImportFilter, ExportFilter = replace.ExportFilter };
                return;
            case UpdateReceived update:
                Engine.Execute(update);
                // Read backpressure: one UPDATE of this session less waits; at the low mark its socket is read again.
                Binding(update.PeerId)?.ReadGate.Taken();
                return;
            case PeerDrained drained:
                if (Binding(drained.PeerId) is { } b) b.Sending = false;
                return;
            case SessionUp su:
                // The options as the loop has them now, not as the session read them when it came up: a reload the loop
                // handled in between (ReplacePolicy, which went to the session before) must reach this one too.
                OnPeerUp(Binding(su.Up.PeerId) is { } bs ? su.Up with { Options = bs.Options } : su.Up, su.ConnectionEpoch);
                return;
            case PeerUp up:
                // Not from a session (tests, the warm-up): no Established to send on.
                OnPeerUp(up, 0);
                return;
            case PeerDown down:
                // What the engine asked for so far was for the session ending here; acted on at the end of the batch, it
                // would carry the epoch of a session up again later in that batch (RibLoop.Outcomes.cs).
                ActOnOutcomes();
                Engine.Execute(down);
                if (Binding(down.PeerId) is { } bd)
                {
                    bd.Generation++;
                    bd.ConnectionEpoch = 0;
                    bd.CodecOptions = null;
                    AfterPeerDown(down, bd);
                }
                return;
            default:
                Engine.Execute(command);
                return;
        }
    }

    private void OnPeerUp(PeerUp up, long connectionEpoch)
    {
        // As at PeerDown: outcomes from before this PeerUp are the previous session's, sent with its epoch.
        ActOnOutcomes();
        Engine.Execute(up);
        if (Binding(up.PeerId) is not { } binding) return;
        binding.Generation++;
        binding.ConnectionEpoch = connectionEpoch;
        binding.CodecOptions = up.Facts.CodecOptions;
        AfterPeerUp(binding);
    }

    private RibSessionBinding? Binding(int peerId)
    {
        lock (_gate) return _bindings.GetValueOrDefault(peerId);
    }

    /// <summary>Offers every peer's pending UPDATEs to its session; see the class comment for backpressure.</summary>
    private void DrainOutput(CancellationToken cancellationToken)
    {
        _pendingPeers.Clear();
        Engine.CollectPeersWithPending(_pendingPeers);
        foreach (int peerId in _pendingPeers) DrainTarget(peerId, cancellationToken);
        _roundChunks.Clear();
    }

    /// <summary>
    /// The peer's next chunk of pending UPDATEs, at most <see cref="RibLoopOptions.OutputBudget"/> octets, as a
    /// shared array (<see cref="ShareChunk"/>); null when nothing was pending. <paramref name="more"/>: UPDATEs
    /// are left after it.
    /// </summary>
    private byte[]? NextChunk(int peerId, CodecOptions codec, out bool more)
    {
        _scratch.ResetWrittenCount();
        more = Engine.WritePending(peerId, _scratch, _options.OutputBudget, codec);
        return _scratch.WrittenCount == 0 ? null : ShareChunk(_scratch.WrittenSpan);
    }

    /// <summary>
    /// An array with the bytes of <paramref name="written"/>: one already made in this round when the
    /// bytes are the same (compared in full, the hash only finds the candidate), else a new copy.
    /// Queues only read the arrays, so sharing is safe.
    /// </summary>
    private byte[] ShareChunk(ReadOnlySpan<byte> written)
    {
        var hasher = new HashCode();
        hasher.AddBytes(written);
        int hash = hasher.ToHashCode();
        if (_roundChunks.TryGetValue(hash, out var known) && written.SequenceEqual(known)) return known;
        byte[] chunk = written.ToArray();
        _roundChunks[hash] = chunk;
        return chunk;
    }
}
