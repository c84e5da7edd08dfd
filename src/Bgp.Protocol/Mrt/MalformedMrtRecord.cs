namespace Bgp.Protocol.Mrt;

/// <summary>
/// A record whose framing is sound but whose body does not parse. The stream stays in step (the
/// header's length says where the next record starts), so reading goes on after it.
/// </summary>
public sealed class MalformedMrtRecord : MrtRecord
{
    public required string Reason { get; init; }
}
