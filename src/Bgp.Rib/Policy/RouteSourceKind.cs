namespace Bgp.Rib.Policy;

/// <summary>Where a route came from, as far as policy cares.</summary>
public enum RouteSourceKind : byte
{
    /// <summary>Learned over an external session (a different AS).</summary>
    Ebgp = 0,
    /// <summary>Learned over an internal session (our own AS, or a confederation member treated as internal).</summary>
    Ibgp = 1,
    /// <summary>Originated by this speaker (the configured prefixes); no peer.</summary>
    Local = 2,
}
