namespace Bgp.Rib.Policy;

/// <summary>
/// What a peer gets when its configuration names no import or export filter. RFC 8212 (Default External
/// BGP Route Propagation Behavior without Policies) section 3: routes from an eBGP peer are not accepted,
/// and routes are not advertised to an eBGP peer, unless policy is explicitly configured; so a missing
/// filter on an eBGP session resolves to <see cref="Filter.RejectAll"/>. The RFC does not touch iBGP,
/// where a missing filter is <see cref="Filter.AcceptAll"/> (the full mesh / reflection rules of the
/// export stage still apply on top). <see cref="EbgpRequiresPolicy"/> = false restores the pre-RFC 8212
/// behaviour (FRR's "no bgp ebgp-requires-policy"); it exists for labs and must be an explicit choice.
/// A confederation-external peer counts as internal here when the caller says so (it is inside our
/// confederation's administration, RFC 5065).
/// </summary>
public sealed record PolicyDefaults
{
    /// <summary>The RFC 8212 defaults: eBGP needs explicit policy.</summary>
    public static readonly PolicyDefaults Rfc8212 = new();

    public bool EbgpRequiresPolicy { get; init; } = true;

    /// <summary>The configured filter, or the default for a session of this kind when there is none.</summary>
    public Filter Resolve(Filter? configured, bool isInternal) =>
        configured ?? (isInternal || !EbgpRequiresPolicy ? Filter.AcceptAll : Filter.RejectAll);

    public PeerPolicy ForPeer(bool isInternal, Filter? import, Filter? export) =>
        new(Resolve(import, isInternal), Resolve(export, isInternal), import is null, export is null);
}
