namespace Bgp.Protocol.Attributes;

/// <summary>AGGREGATOR / AS4_AGGREGATOR (RFC 4271 5.1.7, RFC 6793): the AS and the BGP identifier of the aggregating speaker.</summary>
public readonly record struct Aggregator(uint Asn, uint Address)
{
    public override string ToString() => $"{Asn} {RouterId.Format(Address)}";
}
