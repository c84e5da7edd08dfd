using System.Net;
using System.Net.Sockets;

namespace Bgp.Load;

/// <summary>Brings up every session: active ones connect, passive ones are matched by the connecting
/// peer's address on one dual-stack listener on port 179.</summary>
public static class SessionSet
{
    /// <summary>At most this many active sessions connect and exchange OPENs at once (0 = no limit):
    /// hundreds of simultaneous SYNs overflow a short listen backlog, and the dropped handshakes then
    /// cost seconds of SYN retransmission each.</summary>
    public static int MaxConnecting { get; set; } = 16;

    public static async Task EstablishAllAsync(IReadOnlyList<LoadSession> sessions, CancellationToken ct)
    {
        var tasks = new List<Task>();
        using var gate = new SemaphoreSlim(MaxConnecting > 0 ? MaxConnecting : int.MaxValue);
        var passive = new Dictionary<IPAddress, LoadSession>();
        foreach (var s in sessions)
        {
            if (s.Spec.Active) tasks.Add(StartLimitedAsync(s, gate, ct));
            else passive[s.Spec.Remote] = s;
        }
        Socket? listener = null;
        if (passive.Count > 0)
        {
            listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(IPAddress.IPv6Any, 179));
            listener.Listen(1024);
            int waiting = passive.Count;
            while (waiting > 0)
            {
                var c = await listener.AcceptAsync(ct).ConfigureAwait(false);
                var remote = ((IPEndPoint)c.RemoteEndPoint!).Address;
                if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
                if (passive.Remove(remote, out var s))
                {
                    tasks.Add(s.StartAsync(c, ct));
                    waiting--;
                }
                else c.Dispose();
            }
        }
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        finally
        {
            listener?.Dispose();
        }
    }

    private static async Task StartLimitedAsync(LoadSession s, SemaphoreSlim gate, CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await s.StartAsync(null, ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
