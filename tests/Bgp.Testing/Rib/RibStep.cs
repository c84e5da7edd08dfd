namespace Bgp.Testing.Rib;

/// <summary>One step of a <see cref="RibRun"/>; which fields mean something depends on <see cref="Kind"/>.</summary>
public sealed record RibStep(RibStepKind Kind, RibOp? Route = null, int PeerId = 0, string? NextHop = null, bool Reachable = false, uint Cost = 0)
{
    public override string ToString() => Kind switch
    {
        RibStepKind.Route => Route!.ToString(),
        RibStepKind.NextHop => $"next hop {NextHop} {(Reachable ? "up" : "down")} {Cost}",
        RibStepKind.ReportCandidates => $"report candidates {Reachable}",
        _ => $"{Kind} peer {PeerId}",
    };
}
