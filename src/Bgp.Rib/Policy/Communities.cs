using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Policy;

/// <summary>
/// Community values as configuration writes them: "high:low" (each 0..65535), or a well-known name
/// (RFC 1997: no-export, no-advertise, no-export-subconfed; RFC 8326 graceful-shutdown; RFC 7999
/// blackhole; RFC 7611 accept-own; RFC 9494 llgr-stale and no-llgr). Large communities (RFC 8092) as
/// "global:local1:local2". For the daemon's configuration mapping and for explain output, not the hot path.
/// </summary>
public static class Communities
{
    public const uint AcceptOwn = 0xFFFF0001;
    public const uint LlgrStale = 0xFFFF0006;
    public const uint NoLlgr = 0xFFFF0007;
    public const uint Blackhole = 0xFFFF029A;

    private static readonly (string Name, uint Value)[] WellKnown =
    [
        ("no-export", WellKnownCommunity.NoExport),
        ("no-advertise", WellKnownCommunity.NoAdvertise),
        ("no-export-subconfed", WellKnownCommunity.NoExportSubconfed),
        ("graceful-shutdown", WellKnownCommunity.GracefulShutdown),
        ("blackhole", Blackhole),
        ("accept-own", AcceptOwn),
        ("llgr-stale", LlgrStale),
        ("no-llgr", NoLlgr),
    ];

    public static bool TryParse(string? text, out uint community)
    {
        community = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        foreach (var (name, value) in WellKnown)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                community = value;
                return true;
            }
        }
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return false;
        if (!ushort.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out ushort high)
            || !ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort low))
            return false;
        community = (uint)high << 16 | low;
        return true;
    }

    public static uint Parse(string text) =>
        TryParse(text, out uint c) ? c : throw new FormatException($"'{text}' is not a community (high:low, each 0..65535, or a well-known name such as no-export)");

    /// <summary>The well-known name when there is one, else "high:low".</summary>
    public static string Format(uint community)
    {
        foreach (var (name, value) in WellKnown)
            if (value == community) return name;
        return WellKnownCommunity.Format(community);
    }

    public static bool TryParseLarge(string? text, [NotNullWhen(true)] out LargeCommunity? community)
    {
        community = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().Split(':');
        if (parts.Length != 3) return false;
        if (!uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint g)
            || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint l1)
            || !uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint l2))
            return false;
        community = new LargeCommunity(g, l1, l2);
        return true;
    }

    public static LargeCommunity ParseLarge(string text) =>
        TryParseLarge(text, out var c) ? c.Value : throw new FormatException($"'{text}' is not a large community (global:local1:local2)");
}
