namespace Bgp.Rib.Policy;

/// <summary>
/// Set LOCAL_PREF (RFC 4271 5.1.5). Useful on import; on export to an eBGP peer the export stage strips
/// it anyway, since LOCAL_PREF is only sent to internal peers.
/// </summary>
public sealed record SetLocalPrefAction(uint Value) : RouteAction
{
    internal override void Apply(ref RouteEdit edit)
    {
        if (edit.Attributes.LocalPref != Value)
            edit.Attributes = edit.Attributes with { LocalPref = Value };
    }

    public override string ToString() => $"set local-pref {Value}";
}
