namespace Bgp.Rib.Policy;

/// <summary>Reject the route, and stop.</summary>
public sealed record RejectAction : RouteAction
{
    public static readonly RejectAction Instance = new();

    private RejectAction() { }

    public override bool IsFinal => true;
    internal override PolicyVerdict FinalVerdict => PolicyVerdict.Reject;
    internal override void Apply(ref RouteEdit edit) { }
    public override string ToString() => "reject";
}
