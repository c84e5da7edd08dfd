using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Mrt;

namespace Bgp.Load;

/// <summary>
/// A TABLE_DUMP_V2 RIB file replayed as one neighbour's table: each prefix takes the attributes of
/// its first RIB entry (the first peer that had it), routes with equal attributes share a group.
/// gzip files (.gz) are read through GZipStream. <paramref name="max4"/>/<paramref name="max6"/> cap the
/// prefixes taken per family (0 = all).
/// </summary>
public static class MrtTable
{
    public static List<RouteGroup> Load(string path, int max4, int max6)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal)
            ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress)
            : file;
        using var reader = new MrtReader(stream);
        var byAttrs = new Dictionary<(AfiSafi, PathAttributes), List<Nlri>>();
        var seen = new HashSet<Prefix>();
        int n4 = 0, n6 = 0;
        while (reader.TryRead(out var record))
        {
            if (record is not RibRecord rib || rib.Prefix is not { } prefix || rib.Entries.IsEmpty) continue;
            if (rib.Family != AfiSafi.Ipv4Unicast && rib.Family != AfiSafi.Ipv6Unicast) continue;
            bool v6 = rib.Family == AfiSafi.Ipv6Unicast;
            if (v6 ? max6 > 0 && n6 >= max6 : max4 > 0 && n4 >= max4) continue;
            if (!seen.Add(prefix)) continue;
            // Next hop and MP attributes are per session; keep only what a neighbour would pass on.
            var attrs = rib.Entries[0].PathAttributes with { NextHop = null, LocalPref = null, OriginatorId = null, ClusterList = [] };
            if (!byAttrs.TryGetValue((rib.Family, attrs), out var list)) byAttrs[(rib.Family, attrs)] = list = [];
            list.Add(new Nlri(prefix));
            if (v6) n6++; else n4++;
        }
        if (reader.Error is { } e) Console.Error.WriteLine($"bgpload: {path}: stopped at {e}");
        var groups = new List<RouteGroup>(byAttrs.Count);
        foreach (var ((family, attrs), list) in byAttrs) groups.Add(new RouteGroup(family, attrs, [.. list]));
        return groups;
    }
}
