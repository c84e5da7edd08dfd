namespace Bgp.Netlink;

/// <summary>Settings of an <see cref="RtNetlinkClient"/>.</summary>
public sealed record NetlinkOptions
{
    /// <summary>rtm_protocol for routes that give none; 186 is "bgp" in /etc/iproute2/rt_protos.</summary>
    public byte Protocol { get; init; } = 186;

    /// <summary>Routing table for routes that give none; 254 is "main".</summary>
    public uint Table { get; init; } = 254;

    /// <summary>
    /// Size of one batch send. The kernel takes a whole send as one buffer (it must fit SO_SNDBUF),
    /// and answers each request with its own ack datagram, so the batch is also bounded by what the
    /// receive buffer can queue (see <see cref="MaxRequestsPerSend"/>).
    /// </summary>
    public int SendBufferBytes { get; init; } = 256 * 1024;

    /// <summary>Upper bound of requests per send; lowered further when the receive buffer is small.</summary>
    public int MaxRequestsPerSend { get; init; } = 8192;

    /// <summary>SO_SNDBUF / SO_RCVBUF wanted (forced past the sysctl limits when running with CAP_NET_ADMIN).</summary>
    public int SocketBufferBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>How long to wait for an acknowledgement or dump part before reporting ETIMEDOUT.</summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A network namespace file (e.g. /var/run/netns/NAME) to open the socket in; null for the caller's
    /// own. The socket is created on a short-lived thread that joined the namespace, and stays there.
    /// </summary>
    public string? NetworkNamespacePath { get; init; }

    /// <summary>
    /// nl_groups bound at open (RTMGRP_* bits, see <see cref="NetlinkMonitor"/>): the kernel then also
    /// sends this socket its notifications of those groups. 0 (the default) for a request socket.
    /// </summary>
    public uint MulticastGroups { get; init; }
}
