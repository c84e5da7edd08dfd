namespace Bgp.Netlink;

/// <summary>
/// A request of a batch that the kernel refused, or whose acknowledgement never came.
/// <see cref="Index"/> points into the span given to <see cref="RtNetlinkClient.Apply"/>, so the caller
/// can retry exactly those. <see cref="Error"/> is a positive errno (see <see cref="Errno"/>);
/// <see cref="Message"/> the kernel's extended-ack text when it sent one.
/// </summary>
public readonly record struct RouteFailure(int Index, int Error, string? Message)
{
    public override string ToString() => "request " + Index + ": " + Errno.Name(Error) + (Message is null ? "" : " (" + Message + ")");
}
