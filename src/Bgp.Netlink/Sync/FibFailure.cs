namespace Bgp.Netlink.Sync;

/// <summary>
/// A change the kernel refused (or never acknowledged) during a flush. The route stays marked and is
/// retried by a later <see cref="FibSync.Flush"/> at or after <see cref="NextAttempt"/>.
/// <see cref="Error"/> is a positive errno (see <see cref="Errno"/>), <see cref="Message"/> the
/// kernel's extended-ack text when it sent one.
/// </summary>
public sealed record FibFailure(InetPrefix Prefix, RouteOperation Operation, int Error, string? Message, int Attempts, DateTimeOffset NextAttempt)
{
    public override string ToString() =>
        Operation + " " + Prefix + ": " + Errno.Name(Error) + (Message is null ? "" : " (" + Message + ")") + ", attempt " + Attempts;
}
