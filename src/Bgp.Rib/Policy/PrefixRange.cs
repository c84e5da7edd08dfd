using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Bgp.Protocol;

namespace Bgp.Rib.Policy;

/// <summary>
/// A prefix and a range of lengths: matches every prefix inside <see cref="Prefix"/> whose length is in
/// [<see cref="MinLength"/>, <see cref="MaxLength"/>]. "10.0.0.0/8 ge 16 le 24" (Cisco/FRR words) is
/// 10.0.0.0/8 with lengths 16..24; exact is [len, len]; or-longer is [len, max]; longer is [len+1, max].
/// The family is the prefix's: an IPv4 range never matches an IPv6 prefix.
/// </summary>
public readonly record struct PrefixRange
{
    public PrefixRange(Prefix prefix, int minLength, int maxLength)
    {
        if (minLength < prefix.Length || minLength > maxLength || maxLength > prefix.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(minLength),
                $"range {minLength}..{maxLength} must satisfy {prefix.Length} <= ge <= le <= {prefix.MaxLength} for {prefix}");
        Prefix = prefix;
        MinLength = (byte)minLength;
        MaxLength = (byte)maxLength;
    }

    public Prefix Prefix { get; }
    public byte MinLength { get; }
    public byte MaxLength { get; }

    public static PrefixRange Exact(Prefix prefix) => new(prefix, prefix.Length, prefix.Length);

    public static PrefixRange OrLonger(Prefix prefix) => new(prefix, prefix.Length, prefix.MaxLength);

    /// <summary>Strictly more specific prefixes only (not the prefix itself); none for a host route.</summary>
    public static PrefixRange Longer(Prefix prefix) => new(prefix, prefix.Length + 1, prefix.MaxLength);

    /// <summary>
    /// The Cisco/FRR prefix-list rule: with only <paramref name="ge"/> the range is [ge, max], with only
    /// <paramref name="le"/> it is [len, le], with both [ge, le], with neither the exact prefix.
    /// </summary>
    public static PrefixRange Create(Prefix prefix, int? ge, int? le) =>
        new(prefix, ge ?? prefix.Length, le ?? (ge is null ? prefix.Length : prefix.MaxLength));

    public bool Contains(Prefix prefix) =>
        prefix.Length >= MinLength && prefix.Length <= MaxLength && Prefix.Contains(prefix);

    /// <summary>
    /// Parses "P", "P exact", "P orlonger", "P longer", "P ge N", "P le N", "P ge N le M" (either order),
    /// and BIRD's "P+" (or-longer) and "P{N,M}".
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PrefixRange? range, out string? error)
    {
        range = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) { error = "empty prefix range"; return false; }
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string head = words[0];
        int? ge = null, le = null;
        bool orLonger = false, longer = false;
        int brace = head.IndexOf('{', StringComparison.Ordinal);
        if (brace >= 0)
        {
            var inner = head[(brace + 1)..].TrimEnd('}').Split(',');
            if (!head.EndsWith('}') || inner.Length != 2 || !TryLength(inner[0], out int a) || !TryLength(inner[1], out int b))
            { error = $"'{head}': expected PREFIX{{MIN,MAX}}"; return false; }
            ge = a; le = b;
            head = head[..brace];
        }
        else if (head.EndsWith('+'))
        {
            orLonger = true;
            head = head[..^1];
        }
        if (!Prefix.TryParse(head, out var prefix)) { error = $"'{head}' is not a prefix"; return false; }
        for (int i = 1; i < words.Length; i++)
        {
            switch (words[i].ToLowerInvariant())
            {
                case "exact": break;
                case "orlonger": orLonger = true; break;
                case "longer": longer = true; break;
                case "ge" or "le" when i + 1 < words.Length && TryLength(words[i + 1], out int n):
                    if (words[i].Equals("ge", StringComparison.OrdinalIgnoreCase)) ge = n; else le = n;
                    i++;
                    break;
                default: error = $"'{words[i]}' unexpected in prefix range '{text}'"; return false;
            }
        }
        int min = longer ? prefix.Length + 1 : ge ?? prefix.Length;
        int max = orLonger || longer ? prefix.MaxLength : le ?? (ge is null ? prefix.Length : prefix.MaxLength);
        if (min < prefix.Length || min > max || max > prefix.MaxLength)
        {
            error = $"'{text}': lengths must satisfy {prefix.Length} <= ge <= le <= {prefix.MaxLength}";
            return false;
        }
        range = new PrefixRange(prefix, min, max);
        return true;
    }

    public static PrefixRange Parse(string text) =>
        TryParse(text, out var r, out string? error) ? r.Value : throw new FormatException(error);

    private static bool TryLength(string s, out int n) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out n) && n <= 128;

    public override string ToString()
    {
        if (MinLength == Prefix.Length && MaxLength == Prefix.Length) return Prefix.ToString();
        if (MinLength == Prefix.Length && MaxLength == Prefix.MaxLength) return $"{Prefix} orlonger";
        return $"{Prefix} ge {MinLength} le {MaxLength}";
    }
}
