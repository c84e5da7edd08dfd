using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Load;

/// <summary>
/// A minimal BGP speaker for one session: OPEN with Multiprotocol for its families, 4-octet AS and
/// route refresh; KEEPALIVE every hold/3 for as long as the process runs; a read loop that hands every
/// UPDATE to <see cref="OnUpdate"/>. No FSM beyond that: any NOTIFICATION or close ends the session and
/// is reported in <see cref="Failure"/>, which the figures then carry.
/// </summary>
public sealed class LoadSession(SessionSpec spec, uint localAs, IPAddress routerId, ushort holdTime) : IDisposable
{
    private static readonly CodecOptions Options = CodecOptions.FourOctet;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private Socket? _socket;
    private Task _readLoop = Task.CompletedTask;

    /// <summary>How long one active attempt may take from connect to the peer's KEEPALIVE before it is
    /// dropped and retried. A speaker with a short listen backlog (BIRD listens with 8) drops the final
    /// ACK of handshakes it has no room for: the connect succeeds here, the OPEN is never read, and
    /// without this limit the session would wait on that dead connection forever.</summary>
    public static TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public SessionSpec Spec { get; } = spec;
    public string? Failure { get; private set; }
    public bool Established { get; private set; }
    public Action<LoadSession, UpdateMessage>? OnUpdate { get; set; }

    /// <summary>Takes every UPDATE undecoded (header included) instead of <see cref="OnUpdate"/>: the receiver
    /// walks the octets itself. A non-null return is why the message could not be read; the session fails.</summary>
    public RawUpdateHandler? OnRawUpdate { get; set; }

    /// <summary>Connects (retrying until <paramref name="ct"/> ends) or takes an accepted socket, then does the OPEN exchange.</summary>
    public async Task StartAsync(Socket? accepted, CancellationToken ct)
    {
        if (accepted is not null)
        {
            await HandshakeAsync(accepted, ct).ConfigureAwait(false);
            return;
        }
        // Active: a DUT still starting may accept and then reset; start over until ct ends.
        while (true)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attempt.CancelAfter(AttemptTimeout);
            try
            {
                await HandshakeAsync(null, attempt.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is IOException or SocketException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                _socket?.Dispose();
                // The old read loop must have ended before Failure is cleared, or its last word would
                // land on the next attempt.
                await _readLoop.ConfigureAwait(false);
                Failure = null;
                await Task.Delay(500, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task HandshakeAsync(Socket? accepted, CancellationToken ct)
    {
        if (accepted is null)
        {
            while (true)
            {
                var s = new Socket(Spec.Remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    s.Bind(new IPEndPoint(Spec.Local, 0));
                    await s.ConnectAsync(new IPEndPoint(Spec.Remote, 179), ct).ConfigureAwait(false);
                    accepted = s;
                    break;
                }
                catch (SocketException)
                {
                    s.Dispose();
                    await Task.Delay(200, ct).ConfigureAwait(false);
                }
            }
        }
        _socket = accepted;
        _socket.NoDelay = true;
        _socket.ReceiveBufferSize = 4 << 20;
        _socket.SendBufferSize = 4 << 20;
        var caps = ImmutableArray.CreateBuilder<Capability>();
        foreach (var f in Spec.Families) caps.Add(new MultiprotocolCapability(f));
        caps.Add(new RouteRefreshCapability());
        caps.Add(new FourOctetAsCapability(localAs));
        var open = new OpenMessage
        {
            MyAs = localAs > ushort.MaxValue ? (ushort)23456 : (ushort)localAs,
            HoldTime = holdTime,
            BgpIdentifier = BinaryPrimitives.ReadUInt32BigEndian(routerId.GetAddressBytes()),
            Capabilities = caps.ToImmutable(),
        };
        await SendAsync(BgpEncoder.ToArray(open, Options), ct).ConfigureAwait(false);
        var established = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _readLoop = Task.Run(() => ReadLoopAsync(established), CancellationToken.None);
        await established.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    public async Task SendAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (!data.IsEmpty)
            {
                int n = await _socket!.SendAsync(data, SocketFlags.None, ct).ConfigureAwait(false);
                data = data[n..];
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync(TaskCompletionSource established)
    {
        var buf = new byte[1 << 20];
        int filled = 0;
        bool openSeen = false;
        try
        {
            while (true)
            {
                int n = await _socket!.ReceiveAsync(buf.AsMemory(filled), SocketFlags.None).ConfigureAwait(false);
                if (n == 0) { Fail("closed by peer"); break; }
                filled += n;
                int at = 0;
                while (filled - at >= BgpConstants.HeaderLength)
                {
                    int len = BinaryPrimitives.ReadUInt16BigEndian(buf.AsSpan(at + 16));
                    if (len < BgpConstants.HeaderLength || len > BgpConstants.MaxExtendedMessageLength) { Fail($"bad length {len}"); return; }
                    if (filled - at < len) break;
                    // UPDATEs are nearly every message: those go to the raw handler, the rest are decoded here.
                    if (OnRawUpdate is { } raw && buf[at + 18] == 2)
                    {
                        string? problem = raw(this, buf.AsSpan(at, len));
                        at += len;
                        if (problem is not null) { Fail(problem); return; }
                        continue;
                    }
                    var r = BgpDecoder.Decode(buf.AsSpan(at, len), Options);
                    at += len;
                    if (!r.Success) { Fail($"undecodable message: {r.Error}"); return; }
                    switch (r.Message)
                    {
                        case OpenMessage o:
                            openSeen = true;
                            ushort hold = Math.Min(holdTime, o.HoldTime);
                            await SendAsync(BgpEncoder.ToArray(KeepaliveMessage.Instance, Options), CancellationToken.None).ConfigureAwait(false);
                            var mine = _socket;
                            if (hold > 0) _ = Task.Run(() => KeepaliveLoopAsync(hold, mine), CancellationToken.None);
                            break;
                        case KeepaliveMessage when openSeen && !Established:
                            Established = true;
                            established.TrySetResult();
                            break;
                        case UpdateMessage u:
                            OnUpdate?.Invoke(this, u);
                            break;
                        case NotificationMessage nm:
                            Fail($"NOTIFICATION {nm.Code}/{nm.Subcode} {nm.ShutdownCommunication}");
                            return;
                    }
                }
                if (at > 0)
                {
                    Buffer.BlockCopy(buf, at, buf, 0, filled - at);
                    filled -= at;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            Fail(e.Message);
        }
        finally
        {
            established.TrySetException(new IOException($"{Spec}: {Failure ?? "ended"}"));
        }
    }

    private async Task KeepaliveLoopAsync(ushort hold, Socket mine)
    {
        var ka = BgpEncoder.ToArray(KeepaliveMessage.Instance, Options);
        try
        {
            // Ends with its connection: a retried attempt has its own loop.
            while (Failure is null && ReferenceEquals(_socket, mine))
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, hold / 3))).ConfigureAwait(false);
                await SendAsync(ka, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            Fail(e.Message);
        }
    }

    private void Fail(string why)
    {
        Failure ??= why;
        Console.Error.WriteLine($"bgpload: session {Spec}: {why}");
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _writeLock.Dispose();
    }
}
