namespace Bgp.Rib.Policy;

/// <summary>What a filter decides about a route.</summary>
public enum PolicyVerdict : byte
{
    Reject = 0,
    Accept = 1,
}
