using Bgp.Protocol;

namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// The first (best) route BIRD shows for one prefix in <c>show route PREFIX all</c>: its attributes as BIRD
/// prints them (<c>BGP.as_path: 64512 65000</c>, <c>BGP.originator_id: ...</c>, <c>BGP.cluster_list: ...</c>).
/// </summary>
public sealed record BirdRoute(Prefix Prefix, string Header, IReadOnlyDictionary<string, string> Attributes)
{
    public string AsPath => Attributes.GetValueOrDefault("BGP.as_path", "");
    public string? OriginatorId => Attributes.GetValueOrDefault("BGP.originator_id");
    public string? ClusterList => Attributes.GetValueOrDefault("BGP.cluster_list");
    public string? NextHop => Attributes.GetValueOrDefault("BGP.next_hop");
    /// <summary>BIRD marks an unusable route (next hop not resolvable) "unreachable" in the header.</summary>
    public bool Unreachable => Header.Contains("unreachable", StringComparison.Ordinal);

    public static BirdRoute? Parse(Prefix prefix, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains("Network not found", StringComparison.Ordinal)) return null;
        string? header = null;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (header is null)
            {
                if (line.StartsWith(prefix.ToString() + " ", StringComparison.Ordinal)) header = line;
                continue;
            }
            // The next route (another path of the prefix, unindented or starting a new entry) ends the first.
            if (line.Length > 0 && !char.IsWhiteSpace(line[0])) break;
            var body = line.Trim();
            int colon = body.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && body.StartsWith("BGP.", StringComparison.Ordinal))
                attributes[body[..colon]] = body[(colon + 1)..].Trim();
        }
        return header is null ? null : new BirdRoute(prefix, header, attributes);
    }

    public override string ToString() => $"{Header} [{string.Join(", ", Attributes.Select(a => $"{a.Key}={a.Value}"))}]";
}
