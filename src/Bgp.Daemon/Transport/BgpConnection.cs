using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Bgp.Protocol;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Pipelines.Sockets.Unofficial;

namespace Bgp.Daemon.Transport;

/// <summary>
/// One TCP connection carrying BGP messages, over Pipelines.Sockets.Unofficial.
/// <para>
/// Read side: one loop frames messages straight from the pipe's buffers (<see cref="BgpFramer"/>),
/// decodes each with the current <see cref="CodecOptions"/> (defaults until the session switches them
/// to the negotiated ones) and hands it to the <see cref="IBgpConnectionHandler"/>; then it advances the
/// pipe past what it consumed and marks all it examined, like StackExchange.Redis's read loop. Decoded
/// messages own their bytes, so nothing refers to pipe memory after AdvanceTo. After each message the
/// handler may pause the loop (<see cref="IBgpConnectionHandler.WhenReadable"/>): the rest stays in the
/// pipe, the socket is not read, and TCP flow control holds the peer back (see <see cref="ReadGate"/>).
/// </para>
/// <para>
/// Write side: one loop drains two queues. Control messages (OPEN, KEEPALIVE, NOTIFICATION) always go
/// before queued UPDATEs, which are checked one at a time between them, so a KEEPALIVE never waits
/// behind a backlog of routes. UPDATEs pass through a bounded queue (<see cref="UpdateQueue"/>, which gives
/// its storage back when drained): when it is full the producer waits (<see cref="EnqueueUpdateAsync"/>) or
/// is told it is throttled (<see cref="TryEnqueueUpdate"/>). The pipe's own pause threshold stops the loop
/// when the peer does not read, which is what fills the queue. Once a NOTIFICATION is written the loop
/// flushes, ends the stream and closes.
/// </para>
/// </summary>
public sealed class BgpConnection : IAsyncDisposable
{
    /// <summary>Bytes of UPDATEs written before a flush, so a burst goes out in few syscalls.</summary>
    private const int FlushThreshold = 32 * 1024;

    private readonly SocketConnection _connection;
    private readonly TimeProvider _time;
    private readonly TimeSpan _linger;
    private readonly ControlQueue _control = new();
    private readonly UpdateQueue _updates;
    private readonly CancellationTokenSource _abort = new();
    // A wake-up for the write loop that never queues work of its own; rings while it is busy collapse into one.
    private readonly Doorbell _doorbell;
    private readonly PeerCounters? _counters;
    private volatile CodecOptions _options = CodecOptions.Default;
    private volatile bool _closing;
    // 1 once Close or Abort ran: the linger is armed (or nothing is left to wait for). Separate from _closing, which
    // the write loop also sets; one Close arms one linger timer however the session and the write loop race.
    private int _closed;
    private int _started;
    private ITimer? _lingerTimer;
    private Task _run = Task.CompletedTask;

    /// <param name="socket">A connected socket; the connection owns it from here on.</param>
    /// <param name="direction">Who opened it.</param>
    /// <param name="updateQueueCapacity">UPDATEs that may wait to be written before producers are held back.</param>
    /// <param name="time">Clock for the close linger.</param>
    /// <param name="counters">Where messages written are counted (optional).</param>
    /// <param name="linger">How long a close waits for the peer to read our last messages and close its side.</param>
    public BgpConnection(Socket socket, ConnectionDirection direction, int updateQueueCapacity, TimeProvider time,
        PeerCounters? counters = null, TimeSpan? linger = null)
        : this(socket, direction, updateQueueCapacity, time, counters, linger, receivePool: null)
    {
    }

    /// <param name="receivePool">Where the receive pipe leases its segments (null: the shared pool); tests count leases with it.</param>
    internal BgpConnection(Socket socket, ConnectionDirection direction, int updateQueueCapacity, TimeProvider time,
        PeerCounters? counters, TimeSpan? linger, MemoryPool<byte>? receivePool)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(updateQueueCapacity, 1);
        Direction = direction;
        RemoteEndPoint = Normalize(socket.RemoteEndPoint as IPEndPoint);
        LocalEndPoint = Normalize(socket.LocalEndPoint as IPEndPoint);
        UpdateQueueCapacity = updateQueueCapacity;
        _time = time;
        _counters = counters;
        _linger = linger ?? TimeSpan.FromSeconds(3);
        _updates = new UpdateQueue(updateQueueCapacity);
        _doorbell = new Doorbell(_abort.Token);
        socket.NoDelay = true;
        // Zero-length reads: the receive loop waits for readability with no buffer and leases a pipe segment
        // only once bytes are there. Without them every idle session held a 4 KiB segment (a 4,120-B byte[])
        // for as long as its peer stayed quiet: 2.0 MB of heap for workload 5's 500 sessions.
        var receive = receivePool is null ? PipeOptions.Default : new PipeOptions(pool: receivePool);
        _connection = SocketConnection.Create(socket, PipeOptions.Default, receive, SocketConnectionOptions.ZeroLengthReads,
            name: $"bgp {RemoteEndPoint}");
    }

    public ConnectionDirection Direction { get; }
    public IPEndPoint RemoteEndPoint { get; }
    public IPEndPoint LocalEndPoint { get; }
    public int UpdateQueueCapacity { get; }
    /// <summary>UPDATEs queued and not yet written to the pipe.</summary>
    public int QueuedUpdates => _updates.Count;
    /// <summary>True when the UPDATE queue is full: the peer (or the network) is not keeping up.</summary>
    public bool IsThrottled => _updates.Count >= UpdateQueueCapacity;
    /// <summary>True once <see cref="Close"/> was called or a NOTIFICATION went out.</summary>
    public bool IsClosing => _closing;

    /// <summary>The options received messages are decoded with; the session switches them at Established.</summary>
    public CodecOptions CodecOptions
    {
        get => _options;
        set => _options = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Completes when both loops ended and the socket is closed.</summary>
    public Task Completion => _run;

    /// <summary>Starts the read and write loops. Call once.</summary>
    public void Start(IBgpConnectionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("connection already started");
        _run = RunAsync(handler, _abort.Token);
    }

    /// <summary>Queues a control message ahead of every queued UPDATE. False when the connection is closing.</summary>
    public bool SendControl(BgpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_closing || !_control.TryWrite(message)) return false;
        _doorbell.Ring();
        return true;
    }

    /// <summary>Queues an encoded UPDATE if there is room; false when throttled or closing.</summary>
    public bool TryEnqueueUpdate(ReadOnlyMemory<byte> update)
    {
        if (_closing || !_updates.TryEnqueue(update)) return false;
        _doorbell.Ring();
        return true;
    }

    /// <summary>Queues an encoded UPDATE, waiting while the queue is full. False when the connection closed first.</summary>
    public async ValueTask<bool> EnqueueUpdateAsync(ReadOnlyMemory<byte> update, CancellationToken cancellationToken)
    {
        if (_closing || !await _updates.EnqueueAsync(update, cancellationToken).ConfigureAwait(false)) return false;
        _doorbell.Ring();
        return true;
    }

    /// <summary>
    /// Closes gracefully: control messages already queued (the NOTIFICATION) are written and flushed,
    /// queued UPDATEs are dropped, our side of the stream ends, and the socket closes when the peer closes
    /// its side or after the linger time, whichever is first.
    /// </summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _closing = true;
        _control.Complete();
        _updates.Complete();
        _doorbell.Ring();
        _lingerTimer = _time.CreateTimer(static s => ((BgpConnection)s!).Abort(), this, _linger, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Closes at once, without waiting for anything to be written.</summary>
    public void Abort()
    {
        Volatile.Write(ref _closed, 1);
        _closing = true;
        _control.Complete();
        _updates.Complete();
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        _connection.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        try
        {
            await _run.ConfigureAwait(false);
        }
        finally
        {
            _lingerTimer?.Dispose();
            _abort.Dispose();
        }
    }

    private async Task RunAsync(IBgpConnectionHandler handler, CancellationToken cancellationToken)
    {
        // Never call the handler on the caller's thread: Start is called under the session's lock, and bytes
        // already waiting (a peer's OPEN on an accepted connection) would otherwise reach the FSM re-entrantly,
        // before the caller has told it the connection is up ("Connect -> Idle (unexpected BGPOpen)").
        await Task.Yield();
        var write = WriteLoopAsync(handler, cancellationToken);
        Exception? error = null;
        try
        {
            await ReadLoopAsync(handler, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
        }
        handler.OnClosed(this, error is OperationCanceledException ? null : error);
        // The read side is over: nothing more will come, so nothing more needs to go either.
        if (!_closing) Close();
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The socket failed under the writer (reset, aborted): the read side already reported it.
        }
        _lingerTimer?.Dispose();
        _connection.Dispose();
    }

    private async Task ReadLoopAsync(IBgpConnectionHandler handler, CancellationToken cancellationToken)
    {
        var input = _connection.Input;
        try
        {
            // Once a bad header or a close ends the session, later bytes mean nothing, but reading goes on
            // (discarding) until the peer closes or the linger timer aborts: closing with unread bytes would
            // reset the connection, and a reset can destroy the NOTIFICATION before the peer reads it.
            bool discarding = false;
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                Task? paused = null;
                if (!discarding) discarding = ProcessFrames(handler, ref buffer, out paused);
                if (discarding) buffer = buffer.Slice(buffer.End);
                if (paused is not null)
                {
                    // Read backpressure: the whole messages left stay in the pipe (examined = consumed, so the
                    // next ReadAsync returns them at once); the pipe fills, the socket is no longer read and
                    // TCP's window closes on the peer until the consumer has caught up.
                    input.AdvanceTo(buffer.Start);
                    await paused.WaitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
                // Consumed: up to the last whole message. Examined: everything, so the next ReadAsync waits for more bytes.
                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted || result.IsCanceled) return;
            }
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Every whole message in <paramref name="buffer"/>; true when reading must stop (framing error or closing).
    /// Stops early with <paramref name="paused"/> set when the handler asks the reads to wait.
    /// </summary>
    private bool ProcessFrames(IBgpConnectionHandler handler, ref ReadOnlySequence<byte> buffer, out Task? paused)
    {
        paused = null;
        while (true)
        {
            var options = _options;
            var status = BgpFramer.TryRead(ref buffer, options.MaxMessageLength, out var message, out var error);
            if (status == BgpFramer.Status.NeedMore) return false;
            if (status == BgpFramer.Status.Error)
            {
                // RFC 4271 6.1: a bad header ends the connection; the bytes after it mean nothing.
                handler.OnMessage(this, DecodeResult.Fail(error!));
                return true;
            }
            var decoded = BgpDecoder.Decode(in message, options);
            handler.OnMessage(this, decoded);
            if (_closing) return true;
            var readable = handler.WhenReadable(this);
            if (!readable.IsCompleted)
            {
                paused = readable;
                return false;
            }
        }
    }

    private async Task WriteLoopAsync(IBgpConnectionHandler handler, CancellationToken cancellationToken)
    {
        var output = _connection.Output;
        try
        {
            while (true)
            {
                bool notificationSent = await DrainAsync(output, handler, cancellationToken).ConfigureAwait(false);
                if (notificationSent || (_closing && !_control.HasAny))
                {
                    // Nothing may follow a NOTIFICATION (RFC 4271 4.5), so it closes the connection by itself: the
                    // session's Close (DropConnection) may come after this loop is done, and a Close that found
                    // _closing already set by this loop used to return before arming the linger, leaving the read
                    // loop (and every stop awaiting Completion) waiting on a peer that read our EOF and kept its side open.
                    Close();
                    break;
                }
                // Ends with OperationCanceledException once the connection is aborted (the token is _abort's).
                await _doorbell.WaitAsync().ConfigureAwait(false);
            }
            // End our half of the stream once everything is out; the peer then sees EOF after our NOTIFICATION.
            await output.CompleteAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await output.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes what is queued, control first; true when a NOTIFICATION went out (nothing may follow it).</summary>
    private async ValueTask<bool> DrainAsync(PipeWriter output, IBgpConnectionHandler handler, CancellationToken cancellationToken)
    {
        while (true)
        {
            bool wrote = false;
            long unflushed = 0;
            while (true)
            {
                if (_control.TryRead(out var control))
                {
                    var options = _options;
                    unflushed += BgpEncoder.Write(control, output, options);
                    _counters?.CountSent(control.Type);
                    wrote = true;
                    if (control is NotificationMessage)
                    {
                        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                        return true;
                    }
                    continue;
                }
                // After a NOTIFICATION or a close, queued UPDATEs are dropped: the session is over.
                if (_closing || unflushed >= FlushThreshold || !_updates.TryDequeue(out var update)) break;
                output.Write(update.Span);
                unflushed += update.Length;
                _counters?.CountSent(MessageType.Update);
                wrote = true;
            }
            if (!wrote) return false;
            // Blocks while the pipe holds more than its pause threshold: the peer is not reading.
            var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flush.IsCompleted || flush.IsCanceled) return false;
            handler.OnWriteProgress(this);
        }
    }

    private static IPEndPoint Normalize(IPEndPoint? ep)
    {
        if (ep is null) return new IPEndPoint(IPAddress.None, 0);
        return ep.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(ep.Address.MapToIPv4(), ep.Port) : ep;
    }

    public override string ToString() => $"{Direction} {LocalEndPoint} -> {RemoteEndPoint}";
}
