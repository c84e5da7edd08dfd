using Bgp.Netlink.Native;
using Bgp.Netlink.Wire;

namespace Bgp.Netlink;

/// <summary>
/// A NETLINK_ROUTE client for routes, links and addresses, in the spirit of BIRD's
/// sysdep/linux/netlink.c: one socket, requests written straight into a reused buffer, many per send,
/// every one acknowledged and checked.
///
/// Batching (<see cref="Apply"/>): requests are encoded back to back, each with NLM_F_ACK and its own
/// sequence number, into one send of up to <see cref="NetlinkOptions.SendBufferBytes"/>. The kernel
/// processes the messages of a send one after the other and queues one NLMSG_ERROR per message on our
/// socket (error 0 is the ack); we read until every sequence number of the send is answered, so the
/// number in flight is also bounded by what the receive buffer can hold. A failure is reported with
/// the index of its request, never dropped: when the kernel itself drops acks (ENOBUFS) or none come
/// (ETIMEDOUT), every unanswered request of that send is reported with that error.
///
/// Not thread-safe: one owner (the kernel-sync loop) calls it. Encoding and successful acks allocate
/// nothing; only failures (their text) and dumps do.
/// </summary>
public sealed partial class RtNetlinkClient : IDisposable
{
    // Kernel truesize of one queued ack datagram is well under this (skb + shared info + data).
    private const int AckQueueCost = 1536;
    private const int ReceiveBufferBytes = 128 * 1024;

    private readonly NetlinkSocket socket;
    private readonly byte[] sendBuffer;
    private readonly byte[] receiveBuffer = new byte[ReceiveBufferBytes];
    private readonly bool[] answered;
    private uint nextSeq;

    private RtNetlinkClient(NetlinkOptions options, NetlinkSocket socket)
    {
        Options = options;
        this.socket = socket;
        sendBuffer = new byte[options.SendBufferBytes];
        MaxRequestsPerSend = Math.Clamp(socket.ReceiveBufferBytes / AckQueueCost, 1, options.MaxRequestsPerSend);
        answered = new bool[MaxRequestsPerSend];
        // Start somewhere other than 1, so that acks meant for an earlier socket of the same port are not taken as ours.
        nextSeq = (uint)Environment.TickCount;
    }

    public NetlinkOptions Options { get; }

    /// <summary>Requests per send after sizing to the socket's receive buffer.</summary>
    public int MaxRequestsPerSend { get; }

    /// <summary>Whether the kernel accepted NETLINK_GET_STRICT_CHK (dump filters applied kernel-side).</summary>
    public bool KernelFiltersDumps => socket.StrictCheck;

    /// <summary>Opens and binds the socket (in <see cref="NetlinkOptions.NetworkNamespacePath"/> when set).</summary>
    public static RtNetlinkClient Open(NetlinkOptions? options = null)
    {
        options ??= new NetlinkOptions();
        if (options.SendBufferBytes < 4096) throw new ArgumentOutOfRangeException(nameof(options), "SendBufferBytes must be at least 4096");
        return new RtNetlinkClient(options, NetlinkSocket.Open(options));
    }

    /// <summary>
    /// Sends every request, batched, and checks every acknowledgement. Failures are appended to
    /// <paramref name="failures"/> in no particular order, each with its request's index; the return
    /// value is how many were appended (0: all applied).
    /// </summary>
    public int Apply(ReadOnlySpan<RouteRequest> requests, List<RouteFailure> failures)
    {
        var before = failures.Count;
        var i = 0;
        while (i < requests.Length)
        {
            var start = i;
            var baseSeq = nextSeq;
            var writer = new NetlinkWriter(sendBuffer);
            while (i < requests.Length && i - start < MaxRequestsPerSend)
            {
                var size = RouteEncoder.Measure(requests[i]);
                if (size > writer.Remaining) break;
                RouteEncoder.Write(ref writer, requests[i], baseSeq + (uint)(i - start), socket.PortId, Options);
                i++;
            }
            if (i == start)
            {
                // A single request larger than the whole send buffer (a huge multipath set).
                failures.Add(new RouteFailure(i, Errno.EMSGSIZE, "request larger than the send buffer"));
                i++;
                nextSeq++;
                continue;
            }
            var count = i - start;
            nextSeq += (uint)count;

            var sendError = socket.Send(writer.Written);
            if (sendError != 0)
            {
                for (var k = 0; k < count; k++) failures.Add(new RouteFailure(start + k, sendError, null));
                continue;
            }
            CollectAcks(start, baseSeq, count, failures);
        }
        return failures.Count - before;
    }

    private void CollectAcks(int start, uint baseSeq, int count, List<RouteFailure> failures)
    {
        Array.Clear(answered, 0, count);
        var pending = count;
        while (pending > 0)
        {
            var n = socket.Receive(receiveBuffer);
            if (n < 0)
            {
                // EAGAIN: nothing within the receive timeout. ENOBUFS: the kernel dropped acks because the
                // queue overflowed. Either way we cannot know the outcome of what is unanswered.
                var error = -n == Errno.EAGAIN ? Errno.ETIMEDOUT : -n;
                for (var k = 0; k < count; k++)
                    if (!answered[k]) failures.Add(new RouteFailure(start + k, error, "no acknowledgement received"));
                return;
            }
            var reader = new NetlinkReader(receiveBuffer.AsSpan(0, n));
            while (reader.MoveNext())
            {
                if (reader.Type != Nl.NLMSG_ERROR) continue;
                var k = unchecked(reader.Seq - baseSeq);
                // Acks of an earlier, timed-out send fall outside this window and are ignored.
                if (k >= (uint)count || answered[k]) continue;
                answered[k] = true;
                pending--;
                var error = AckDecoder.ReadError(reader.Payload);
                if (error != 0)
                    failures.Add(new RouteFailure(start + (int)k, error < 0 ? Errno.EINVAL : error, AckDecoder.ReadMessage(reader.Payload, reader.Flags)));
            }
        }
    }

    public void Dispose() => socket.Dispose();
}
