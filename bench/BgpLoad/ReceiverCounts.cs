using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;

namespace Bgp.Load;

/// <summary>What one receiver session has seen: the distinct prefixes it currently holds per family,
/// announcements and withdrawals counted as they arrive, End-of-RIBs, first and last UPDATE times and
/// the time it first held every expected prefix. Written only by the session's read loop.
/// With <see cref="CheckBest"/> (workload 2) a prefix whose AS path carries a generator's padding AS
/// (<see cref="PathVariants"/>) is held but not best, and the session is complete only once none is.
/// Flap prefixes (<see cref="Flaps"/>) go to <see cref="Flaps"/>' log when one is given, never to the sets.</summary>
public sealed class ReceiverCounts(int expect4, int expect6, bool checkBest = false, FlapLog? flaps = null)
{
    public HashSet<Prefix> V4 { get; } = new(expect4);
    public HashSet<Prefix> V6 { get; } = new(expect6);
    public HashSet<Prefix> NotBest { get; } = [];
    public bool CheckBest { get; } = checkBest;
    public long Announced { get; private set; }
    public long Withdrawn { get; private set; }
    public int EndOfRibs { get; private set; }
    public double FirstUpdate { get; private set; }
    public double LastUpdate { get; private set; }
    public double Complete { get; private set; }

    /// <summary>Returns true on the UPDATE that makes the session complete.</summary>
    public bool Apply(UpdateMessage u)
    {
        double now = Clock.Now();
        if (FirstUpdate == 0) FirstUpdate = now;
        LastUpdate = now;
        if (u.EndOfRib is not null) { EndOfRibs++; return false; }
        bool withdraw = u.TreatAsWithdraw;
        bool padded = CheckBest && !withdraw && PathVariants.IsPadded(u.Attributes.AsPath);
        foreach (var n in u.Withdrawn) Remove(V4, n.Prefix);
        foreach (var n in u.Nlri)
        {
            if (withdraw) Remove(V4, n.Prefix);
            else Add(V4, n.Prefix, padded, u);
        }
        if (u.MpReach is { } r)
        {
            var set = r.Family == AfiSafi.Ipv6Unicast ? V6 : V4;
            foreach (var n in r.Nlri)
            {
                if (withdraw) Remove(set, n.Prefix);
                else Add(set, n.Prefix, padded, u);
            }
        }
        if (u.MpUnreach is { } w)
        {
            var set = w.Family == AfiSafi.Ipv6Unicast ? V6 : V4;
            foreach (var n in w.Withdrawn) Remove(set, n.Prefix);
        }
        if (Complete == 0 && V4.Count >= expect4 && V6.Count >= expect6 && NotBest.Count == 0)
        {
            Complete = now;
            return true;
        }
        return false;
    }

    private void Add(HashSet<Prefix> set, Prefix p, bool padded, UpdateMessage u)
    {
        Announced++;
        if (flaps is not null && Flaps.IsFlap(p))
        {
            long seq = -1;
            foreach (var lc in u.Attributes.LargeCommunities)
                if (lc.LocalData1 == Flaps.SeqTag) seq = lc.LocalData2;
            flaps.Add('A', Flaps.Index(p), seq, Clock.Mono());
            return;
        }
        set.Add(p);
        if (padded) NotBest.Add(p);
        else if (CheckBest) NotBest.Remove(p);
    }

    private void Remove(HashSet<Prefix> set, Prefix p)
    {
        Withdrawn++;
        if (flaps is not null && Flaps.IsFlap(p))
        {
            flaps.Add('W', Flaps.Index(p), -1, Clock.Mono());
            return;
        }
        set.Remove(p);
        NotBest.Remove(p);
    }
}
