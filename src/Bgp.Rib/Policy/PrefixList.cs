using System.Collections.Immutable;
using Bgp.Protocol;

namespace Bgp.Rib.Policy;

/// <summary>
/// A named set of <see cref="PrefixRange"/>s; a prefix is in the list when any range contains it. Lists
/// can be large (a customer's announced space, an IRR-generated set of tens of thousands of entries), so
/// matching is not a scan: the ranges are kept in one hash table per family keyed by the range's prefix,
/// with the union of allowed lengths as a 129-bit mask, and a lookup tries only the prefix lengths that
/// occur in the list (at most 33 / 129 probes, typically a handful), truncating the route's prefix to each.
/// Built once at configuration time; read-only and allocation-free afterwards.
/// </summary>
public sealed class PrefixList
{
    private readonly Dictionary<Prefix, LengthMask> _v4 = [];
    private readonly Dictionary<Prefix, LengthMask> _v6 = [];
    // The distinct range-prefix lengths present, ascending, per family.
    private readonly int[] _v4Lengths;
    private readonly int[] _v6Lengths;

    public PrefixList(string name, IEnumerable<PrefixRange> ranges)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(ranges);
        Name = name;
        var all = ImmutableArray.CreateBuilder<PrefixRange>();
        var v4Lengths = new SortedSet<int>();
        var v6Lengths = new SortedSet<int>();
        foreach (var range in ranges)
        {
            all.Add(range);
            var table = range.Prefix.IsIpv6 ? _v6 : _v4;
            var mask = LengthMask.Of(range.MinLength, range.MaxLength);
            table[range.Prefix] = table.TryGetValue(range.Prefix, out var existing) ? existing.Union(mask) : mask;
            (range.Prefix.IsIpv6 ? v6Lengths : v4Lengths).Add(range.Prefix.Length);
        }
        Ranges = all.ToImmutable();
        _v4Lengths = [.. v4Lengths];
        _v6Lengths = [.. v6Lengths];
    }

    public string Name { get; }

    /// <summary>The ranges as configured (for display and reload comparison).</summary>
    public ImmutableArray<PrefixRange> Ranges { get; }

    public bool Contains(Prefix prefix)
    {
        bool v6 = prefix.IsIpv6;
        var table = v6 ? _v6 : _v4;
        var lengths = v6 ? _v6Lengths : _v4Lengths;
        int length = prefix.Length;
        foreach (int l in lengths)
        {
            if (l > length) break;
            var key = v6 ? Prefix.V6(prefix.High, prefix.Low, l) : Prefix.V4(prefix.Ipv4Bits, l);
            if (table.TryGetValue(key, out var mask) && mask.Contains(length)) return true;
        }
        return false;
    }

    public override string ToString() => $"prefix-list {Name} ({Ranges.Length} ranges)";
}
