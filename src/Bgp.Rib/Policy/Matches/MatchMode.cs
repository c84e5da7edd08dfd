namespace Bgp.Rib.Policy;

/// <summary>Whether a list condition needs one of its values on the route, or all of them.</summary>
public enum MatchMode : byte
{
    Any = 0,
    All = 1,
}
