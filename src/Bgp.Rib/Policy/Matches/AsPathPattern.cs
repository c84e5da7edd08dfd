using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Policy;

/// <summary>
/// A regular expression over AS numbers, not characters, in the spirit of the Cisco/FRR "as-path
/// access-list" and BIRD's bgp_path masks, without their character-level traps ("_65001_" vs "65001"):
/// elements separated by spaces (or '_'), each an AS number, '.' (any one AS) or a group "(a|b|c)",
/// optionally followed by '*' (zero or more), '+' (one or more) or '?' (zero or one). '^' at the start
/// anchors to the first (neighbour) AS, '$' at the end to the origin AS; without anchors the pattern may
/// match anywhere, as a regex search does. Examples: "^65001" (learned from 65001), "65010$" (originated
/// by 65010), "^65001 .* 65010$", "^(64512|64513)+$" (only private ASes 64512/64513).
///
/// The path is read as the sequence of every AS number in segment order (an AS_SET's members in the order
/// received). Matching simulates the automaton with one bit per element (at most 63 elements), so it is
/// linear in the path length, cannot backtrack exponentially, and allocates nothing.
/// </summary>
public sealed class AsPathPattern : IEquatable<AsPathPattern>
{
    public const int MaxElements = 63;

    private readonly Element[] _elements;
    private readonly bool _anchoredStart;
    private readonly bool _anchoredEnd;
    // States whose element may be skipped (quantifier * or ?), as a bit mask.
    private readonly ulong _skippable;

    private AsPathPattern(string text, Element[] elements, bool anchoredStart, bool anchoredEnd)
    {
        Text = text;
        _elements = elements;
        _anchoredStart = anchoredStart;
        _anchoredEnd = anchoredEnd;
        for (int i = 0; i < elements.Length; i++)
            if (elements[i].Repeat || elements[i].Optional) _skippable |= 1UL << i;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    public static bool TryParse(string? text, [NotNullWhen(true)] out AsPathPattern? pattern, [NotNullWhen(false)] out string? error)
    {
        pattern = null;
        if (text is null) { error = "empty AS-path pattern"; return false; }
        string body = text.Trim();
        bool start = body.StartsWith('^');
        if (start) body = body[1..];
        bool end = body.EndsWith('$');
        if (end) body = body[..^1];
        var elements = new List<Element>();
        foreach (string raw in body.Split([' ', '_'], StringSplitOptions.RemoveEmptyEntries))
        {
            string token = raw;
            char quantifier = token[^1] is '*' or '+' or '?' ? token[^1] : '\0';
            if (quantifier != '\0') token = token[..^1];
            ImmutableArray<uint> asns;
            if (token == ".") asns = [];
            else if (token.Length > 2 && token[0] == '(' && token[^1] == ')')
            {
                var parts = token[1..^1].Split('|');
                var b = ImmutableArray.CreateBuilder<uint>(parts.Length);
                foreach (string p in parts)
                {
                    if (!TryAsn(p, out uint a)) { error = $"'{p}' in '{raw}' is not an AS number"; return false; }
                    b.Add(a);
                }
                asns = b.MoveToImmutable();
            }
            else if (TryAsn(token, out uint asn)) asns = [asn];
            else { error = $"'{raw}' is not an AS number, '.', or a group (a|b) with an optional * + ?"; return false; }

            // "x+" is "x x*": the automaton then needs only "skip" and "stay" moves.
            if (quantifier == '+') elements.Add(new Element(asns, false, false));
            elements.Add(new Element(asns, quantifier is '*' or '+', quantifier == '?'));
        }
        if (elements.Count > MaxElements) { error = $"AS-path pattern has more than {MaxElements} elements"; return false; }
        pattern = new AsPathPattern(text.Trim(), [.. elements], start, end);
        error = null;
        return true;
    }

    public static AsPathPattern Parse(string text) =>
        TryParse(text, out var p, out string? error) ? p : throw new FormatException(error);

    /// <summary>True when the pattern matches the path (a missing path is the empty sequence).</summary>
    public bool IsMatch(AsPath? path)
    {
        int k = _elements.Length;
        ulong accept = 1UL << k;
        ulong entry = Closure(1UL);
        ulong states = entry;
        if (!_anchoredEnd && (states & accept) != 0) return true;
        if (path is not null)
        {
            // Segment boundaries do not matter to the pattern: it reads the ASes in path order.
            foreach (uint asn in path.Asns)
            {
                ulong next = 0;
                for (int i = 0; i < k; i++)
                {
                    if ((states & (1UL << i)) == 0 || !_elements[i].Accepts(asn)) continue;
                    next |= _elements[i].Repeat ? 1UL << i : 1UL << (i + 1);
                }
                states = Closure(next);
                // Unanchored start: a match may begin at any AS, so the start state is always live.
                if (!_anchoredStart) states |= entry;
                if (!_anchoredEnd && (states & accept) != 0) return true;
                if (states == 0) return false;
            }
        }
        return (states & accept) != 0;
    }

    /// <summary>Adds the states reachable by skipping optional elements (ascending order follows chains).</summary>
    private ulong Closure(ulong states)
    {
        for (int i = 0; i < _elements.Length; i++)
            if ((states & (1UL << i)) != 0 && (_skippable & (1UL << i)) != 0)
                states |= 1UL << (i + 1);
        return states;
    }

    private static bool TryAsn(string s, out uint asn) =>
        uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out asn);

    public bool Equals(AsPathPattern? other) => other is not null && Text == other.Text;

    public override bool Equals(object? obj) => obj is AsPathPattern p && Equals(p);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Text;

    /// <summary>One element: the AS numbers it accepts (empty = any), and its quantifier.</summary>
    private readonly record struct Element(ImmutableArray<uint> Asns, bool Repeat, bool Optional)
    {
        public bool Accepts(uint asn) => Asns.Length == 0 || Asns.AsSpan().Contains(asn);
    }
}
