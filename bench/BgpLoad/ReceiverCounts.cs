using Bgp.Protocol;
using Bgp.Protocol.Messages;

namespace Bgp.Load;

/// <summary>What one receiver session has seen: the distinct prefixes it currently holds per family,
/// announcements and withdrawals counted as they arrive, End-of-RIBs, first and last UPDATE times and
/// the time it first held every expected prefix. Written only by the session's read loop.</summary>
public sealed class ReceiverCounts(int expect4, int expect6)
{
    public HashSet<Prefix> V4 { get; } = new(expect4);
    public HashSet<Prefix> V6 { get; } = new(expect6);
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
        foreach (var n in u.Withdrawn) { Withdrawn++; V4.Remove(n.Prefix); }
        bool withdraw = u.TreatAsWithdraw;
        foreach (var n in u.Nlri)
        {
            if (withdraw) { Withdrawn++; V4.Remove(n.Prefix); }
            else { Announced++; V4.Add(n.Prefix); }
        }
        if (u.MpReach is { } r)
        {
            var set = r.Family == AfiSafi.Ipv6Unicast ? V6 : V4;
            foreach (var n in r.Nlri)
            {
                if (withdraw) { Withdrawn++; set.Remove(n.Prefix); }
                else { Announced++; set.Add(n.Prefix); }
            }
        }
        if (u.MpUnreach is { } w)
        {
            var set = w.Family == AfiSafi.Ipv6Unicast ? V6 : V4;
            foreach (var n in w.Withdrawn) { Withdrawn++; set.Remove(n.Prefix); }
        }
        if (Complete == 0 && V4.Count >= expect4 && V6.Count >= expect6)
        {
            Complete = now;
            return true;
        }
        return false;
    }
}
