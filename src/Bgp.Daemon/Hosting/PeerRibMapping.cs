using Bgp.Daemon.Config;
using Bgp.Rib.Engine;
using Bgp.Rib.Export;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Hosting;

/// <summary>
/// Maps one configured peer onto the RIB's <see cref="PeerRibOptions"/>: its import and export filters
/// from the catalog <see cref="FilterMapper"/> built from the same configuration (RFC 8212 defaults for a
/// filter left out), and the per-peer routing keys.
/// </summary>
public static class PeerRibMapping
{
    public static PeerRibOptions Create(BgpdConfig config, NeighborConfig peer, FilterCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(peer);
        var policy = FilterMapper.PeerPolicy(config, peer, catalog);
        return new PeerRibOptions
        {
            ImportFilter = policy.Import,
            ExportFilter = policy.Export,
            IsReflectorClient = peer.RouteReflectorClient,
            NextHop = peer.NextHopSelf ? NextHopMode.Self : peer.KeepOriginalNextHop ? NextHopMode.Unchanged : NextHopMode.Default,
            AllowedLocalAs = peer.NumAllowedLocalASNumbers,
            PrefixLimit = peer.MaxPrefixes?.Limit,
            PrefixLimitAction = peer.MaxPrefixes?.Action == MaxPrefixAction.Warn ? PrefixLimitAction.Warn : PrefixLimitAction.Shutdown,
            SoftReconfigurationInbound = peer.SoftReconfigurationInbound,
            GracefulRestart = peer.GracefulRestart.Enabled ?? config.GracefulRestart.Enabled,
            MaxRestartTime = TimeSpan.FromSeconds(peer.GracefulRestart.MaxRestartTime),
            StalePathTime = TimeSpan.FromSeconds(config.GracefulRestart.StalePathTime),
            // addPaths: send / both = every path, N = up to N paths best first, ecmp = the multipath set
            // (RFC 7911); used only in the families where the session negotiated sending path ids.
            AddPathSend = !peer.AddPaths.Send ? AddPathSendMode.None
                : peer.AddPaths.SendEcmp ? AddPathSendMode.Ecmp
                : peer.AddPaths.SendMaxPaths > 0 ? AddPathSendMode.BestN : AddPathSendMode.All,
            AddPathMaxPaths = Math.Max(1, peer.AddPaths.SendMaxPaths),
        };
    }
}
