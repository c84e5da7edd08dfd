using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;

namespace Bgp.Testing.Arbitraries;

/// <summary>A one-line description of an UPDATE for property failure reports (the model has no ToString of its own).</summary>
public static class UpdateText
{
    public static string Describe(UpdateMessage u)
    {
        var a = u.Attributes;
        return $"withdrawn={u.Withdrawn.Length} nlri=[{string.Join(' ', u.Nlri)}] "
            + $"mp-reach={(u.MpReach is { } r ? $"{r.Family} nh={r.NextHopBytes.Length}B nlri=[{string.Join(' ', r.Nlri)}] raw={r.RawNlri.Length}B" : "-")} "
            + $"mp-unreach={(u.MpUnreach is { } un ? $"{un.Family} {un.Withdrawn.Length}+{un.RawWithdrawn.Length}B" : "-")} "
            + $"origin={a.Origin} as-path=[{a.AsPath}] nh={a.NextHop} med={a.MultiExitDisc} lp={a.LocalPref} atomic={a.AtomicAggregate} "
            + $"agg={a.Aggregator} comm={a.Communities.Length} orig={a.OriginatorId} clusters={a.ClusterList.Length} ext={a.ExtendedCommunities.Length} "
            + $"as4-path=[{a.As4Path}] as4-agg={a.As4Aggregator} large={a.LargeCommunities.Length} otc={a.OnlyToCustomer} "
            + $"unknown=[{string.Join(' ', a.Unknown.Select(Raw))}]";
    }

    private static string Raw(RawAttribute r) => $"{r.TypeCode}/{(byte)r.Flags:x2}/{r.Value.Length}B";
}
