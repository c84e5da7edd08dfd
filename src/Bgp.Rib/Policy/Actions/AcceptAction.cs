namespace Bgp.Rib.Policy;

/// <summary>Accept the route as the earlier actions left it, and stop.</summary>
public sealed record AcceptAction : RouteAction
{
    public static readonly AcceptAction Instance = new();

    private AcceptAction() { }

    public override bool IsFinal => true;
    internal override PolicyVerdict FinalVerdict => PolicyVerdict.Accept;
    internal override void Apply(ref RouteEdit edit) { }
    public override string ToString() => "accept";
}
