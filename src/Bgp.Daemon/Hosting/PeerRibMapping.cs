using System.Diagnostics.CodeAnalysis;
using Bgp.Daemon.Config;
using Bgp.Rib.Engine;
using Bgp.Rib.Export;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Hosting;

/// <summary>
/// Maps one configured peer onto the RIB's <see cref="PeerRibOptions"/>. Only the built-in filters are
/// mapped here; user-defined filters (config <c>filters:</c>) are translated by FilterMapper, which is
/// wired in separately, so a peer naming one is refused rather than silently run with another policy.
/// </summary>
public static class PeerRibMapping
{
    /// <param name="index">The peer's position in <c>peers:</c>, for the error's key path.</param>
    public static bool TryCreate(NeighborConfig peer, int index, [NotNullWhen(true)] out PeerRibOptions? options,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(peer);
        options = null;
        if (!TryBuiltIn(peer.ImportFilter, out var import))
        {
            error = UserFilterError(index, "importFilter", peer.ImportFilter);
            return false;
        }
        if (!TryBuiltIn(peer.ExportFilter, out var export))
        {
            error = UserFilterError(index, "exportFilter", peer.ExportFilter);
            return false;
        }
        options = new PeerRibOptions
        {
            // The loader already resolved the RFC 8212 defaults into a built-in name, so the filter is explicit here.
            ImportFilter = import,
            ExportFilter = export,
            IsReflectorClient = peer.RouteReflectorClient,
            NextHop = peer.NextHopSelf ? NextHopMode.Self : peer.KeepOriginalNextHop ? NextHopMode.Unchanged : NextHopMode.Default,
            AllowedLocalAs = peer.NumAllowedLocalASNumbers,
        };
        error = null;
        return true;
    }

    private static bool TryBuiltIn(string name, out Filter? filter)
    {
        filter = name switch
        {
            FilterNames.AcceptAll => Filter.AcceptAll,
            FilterNames.RejectAll => Filter.RejectAll,
            _ => null,
        };
        return filter is not null;
    }

    private static string UserFilterError(int index, string key, string name) =>
        $"peers[{index}].{key}: user-defined filter '{name}' is not supported by this bgpd yet "
        + "(user filters are mapped by FilterMapper, which is wired in after merging); use accept-all or reject-all";
}
