using Bgp.Protocol;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Load;

/// <summary>What one receiver session has seen: the distinct prefixes it currently holds per family,
/// announcements and withdrawals counted as they arrive, End-of-RIBs, first and last UPDATE times and
/// the time it first held every expected prefix. Written only by the session's read loop.
/// With <see cref="CheckBest"/> (workload 2) a prefix whose AS path carries a generator's padding AS
/// (<see cref="PathVariants"/>) is held but not best, and the session is complete only once none is.
/// Flap prefixes (<see cref="Flaps"/>) go to <see cref="Flaps"/>' log when one is given, never to the sets.
/// Raw UPDATEs (<see cref="Apply(ReadOnlySpan{byte}, out string?)"/>) are walked in place when their
/// attributes were decoded before (<see cref="AttributeVerdicts"/>), else decoded in full.
/// With <paramref name="index4"/>/<paramref name="index6"/> the sets keep bits over indexes shared by the
/// process's sessions (<see cref="PrefixIndex"/>).</summary>
public sealed class ReceiverCounts(int expect4, int expect6, bool checkBest = false, FlapLog? flaps = null,
    PrefixIndex? index4 = null, PrefixIndex? index6 = null)
{
    private static readonly CodecOptions Options = CodecOptions.FourOctet;
    private byte[] _key = new byte[4097];
    // This session's place in AttributeVerdicts' log.
    private int _verdictCursor;

    public PrefixSet V4 { get; } = index4 is null ? new(expect4) : new(index4);
    public PrefixSet V6 { get; } = index6 is null ? new(expect6) : new(index6);
    public HashSet<Prefix> NotBest { get; } = [];
    public bool CheckBest { get; } = checkBest;
    public long Announced { get; private set; }
    public long Withdrawn { get; private set; }
    public int EndOfRibs { get; private set; }
    public double FirstUpdate { get; private set; }
    public double LastUpdate { get; private set; }
    public double Complete { get; private set; }
    /// <summary>UPDATEs that went through <see cref="BgpDecoder"/> rather than the walk.</summary>
    public long Decoded { get; private set; }

    /// <summary>Counts one raw UPDATE (header included). Returns true on the UPDATE that makes the session
    /// complete; <paramref name="error"/> says why a message could not be decoded (the session must fail).</summary>
    public bool Apply(ReadOnlySpan<byte> message, out string? error)
    {
        error = null;
        var w = new UpdateWalker(message, ref _key);
        if (w.Ok && AttributeVerdicts.TryGet(w.Key, ref _verdictCursor, out var v)) return ApplyWalked(ref w, v);
        Decoded++;
        var r = BgpDecoder.Decode(message, Options);
        if (!r.Success)
        {
            error = $"undecodable message: {r.Error}";
            return false;
        }
        if (r.Message is not UpdateMessage u)
        {
            error = $"not an UPDATE: {r.Message}";
            return false;
        }
        if (w.SameShape(u)) AttributeVerdicts.Set(w.Key, VerdictOf(u));
        return Apply(u);
    }

    public static AttributeVerdict VerdictOf(UpdateMessage u)
    {
        long seq = -1;
        foreach (var lc in u.Attributes.LargeCommunities)
            if (lc.LocalData1 == Flaps.SeqTag) seq = lc.LocalData2;
        return new AttributeVerdict(u.TreatAsWithdraw, PathVariants.IsPadded(u.Attributes.AsPath), seq);
    }

    private bool ApplyWalked(ref UpdateWalker w, AttributeVerdict v)
    {
        double now = Clock.Now();
        if (FirstUpdate == 0) FirstUpdate = now;
        LastUpdate = now;
        bool withdraw = v.Withdraw;
        bool padded = CheckBest && !withdraw && v.Padded;
        RemoveAll(V4, w.Withdrawn, false);
        if (withdraw) RemoveAll(V4, w.Nlri, false);
        else AddAll(V4, w.Nlri, false, padded, v.Seq);
        if (w.HasReach)
        {
            var set = w.Reach6 ? V6 : V4;
            if (withdraw) RemoveAll(set, w.Reach, w.Reach6);
            else AddAll(set, w.Reach, w.Reach6, padded, v.Seq);
        }
        if (w.HasUnreach) RemoveAll(w.Unreach6 ? V6 : V4, w.Unreach, w.Unreach6);
        return Completes(now);
    }

    // The runs were checked by the walk (NlriReader.TryCount), as the decoder checks them.
    private void AddAll(PrefixSet set, ReadOnlySpan<byte> run, bool ipv6, bool padded, long seq)
    {
        int pos = 0;
        while (pos < run.Length)
        {
            int len = run[pos];
            int bytes = (len + 7) >> 3;
            var octets = run.Slice(pos + 1, bytes);
            pos += 1 + bytes;
            // The common case needs no Prefix: no flap log, no padding, nothing not-best to clear.
            if (flaps is null && !padded && NotBest.Count == 0 && PrefixSet.TryKey(ipv6, len, octets, out ulong key))
            {
                Announced++;
                set.AddKey(key);
                continue;
            }
            Add(set, Prefix.FromNlriBytes(ipv6, len, octets), padded, seq);
        }
    }

    private void RemoveAll(PrefixSet set, ReadOnlySpan<byte> run, bool ipv6)
    {
        int pos = 0;
        while (pos < run.Length)
        {
            int len = run[pos];
            int bytes = (len + 7) >> 3;
            var octets = run.Slice(pos + 1, bytes);
            pos += 1 + bytes;
            if (flaps is null && NotBest.Count == 0 && PrefixSet.TryKey(ipv6, len, octets, out ulong key))
            {
                Withdrawn++;
                set.RemoveKey(key);
                continue;
            }
            Remove(set, Prefix.FromNlriBytes(ipv6, len, octets));
        }
    }

    /// <summary>Counts one decoded UPDATE. Returns true on the UPDATE that makes the session complete.</summary>
    public bool Apply(UpdateMessage u)
    {
        double now = Clock.Now();
        if (FirstUpdate == 0) FirstUpdate = now;
        LastUpdate = now;
        if (u.EndOfRib is not null) { EndOfRibs++; return false; }
        var v = VerdictOf(u);
        bool withdraw = v.Withdraw;
        bool padded = CheckBest && !withdraw && v.Padded;
        foreach (var n in u.Withdrawn) Remove(V4, n.Prefix);
        foreach (var n in u.Nlri)
        {
            if (withdraw) Remove(V4, n.Prefix);
            else Add(V4, n.Prefix, padded, v.Seq);
        }
        if (u.MpReach is { } r)
        {
            var set = r.Family == AfiSafi.Ipv6Unicast ? V6 : V4;
            foreach (var n in r.Nlri)
            {
                if (withdraw) Remove(set, n.Prefix);
                else Add(set, n.Prefix, padded, v.Seq);
            }
        }
        if (u.MpUnreach is { } w)
        {
            var set = w.Family == AfiSafi.Ipv6Unicast ? V6 : V4;
            foreach (var n in w.Withdrawn) Remove(set, n.Prefix);
        }
        return Completes(now);
    }

    private bool Completes(double now)
    {
        if (Complete == 0 && V4.Count >= expect4 && V6.Count >= expect6 && NotBest.Count == 0)
        {
            Complete = now;
            return true;
        }
        return false;
    }

    private void Add(PrefixSet set, Prefix p, bool padded, long seq)
    {
        Announced++;
        if (flaps is not null && Flaps.IsFlap(p))
        {
            flaps.Add('A', Flaps.Index(p), seq, Clock.Mono());
            return;
        }
        set.Add(p);
        if (padded) NotBest.Add(p);
        else if (CheckBest && NotBest.Count > 0) NotBest.Remove(p);
    }

    private void Remove(PrefixSet set, Prefix p)
    {
        Withdrawn++;
        if (flaps is not null && Flaps.IsFlap(p))
        {
            flaps.Add('W', Flaps.Index(p), -1, Clock.Mono());
            return;
        }
        set.Remove(p);
        if (NotBest.Count > 0) NotBest.Remove(p);
    }
}
