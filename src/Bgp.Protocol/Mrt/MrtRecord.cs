namespace Bgp.Protocol.Mrt;

/// <summary>One decoded MRT record; the subclasses are the record kinds the reader knows.</summary>
public abstract class MrtRecord
{
    public required MrtHeader Header { get; init; }
}
