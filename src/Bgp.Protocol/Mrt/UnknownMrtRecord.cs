namespace Bgp.Protocol.Mrt;

/// <summary>A well-framed record of a type or subtype the reader does not decode (e.g. OSPF, TABLE_DUMP v1); its body is kept.</summary>
public sealed class UnknownMrtRecord : MrtRecord
{
    public required ReadOnlyMemory<byte> Body { get; init; }
}
