namespace Bgp.Protocol.Capabilities;

/// <summary>
/// One capability advertised in an OPEN (RFC 5492). Each known kind is a record of its own;
/// anything else is an <see cref="UnknownCapability"/> that keeps its bytes.
/// </summary>
public abstract record Capability
{
    public abstract byte Code { get; }
}
