namespace Bgp.Rib.Policy;

/// <summary>
/// The import and export filters in force for one peer, after <see cref="PolicyDefaults"/> filled in the
/// ones the configuration left out. The <c>*Defaulted</c> flags say which came from the defaults, so that
/// the daemon can warn "eBGP peer without export filter: sending nothing (RFC 8212)".
/// </summary>
public sealed record PeerPolicy(Filter Import, Filter Export, bool ImportDefaulted, bool ExportDefaulted)
{
    public PolicyResult EvaluateImport(in RouteContext route) => PolicyEvaluator.Evaluate(Import, route);

    public PolicyResult EvaluateExport(in RouteContext route) => PolicyEvaluator.Evaluate(Export, route);
}
