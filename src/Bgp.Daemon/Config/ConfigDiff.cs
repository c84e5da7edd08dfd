using System.Collections.Immutable;
using Bgp.Protocol;

namespace Bgp.Daemon.Config;

/// <summary>
/// What a reload changes, so that the daemon applies it without touching sessions whose settings did
/// not change. Pure: compares two validated configurations. Peers are matched by address; a peer whose
/// address changed is one removed and one added.
/// </summary>
public sealed record ConfigDiff
{
    public ImmutableArray<NeighborConfig> AddedPeers { get; init; } = [];
    public ImmutableArray<NeighborConfig> RemovedPeers { get; init; } = [];
    public ImmutableArray<PeerChange> ChangedPeers { get; init; } = [];
    /// <summary>Top-level keys whose value changed (peers and filters are reported through the other lists).</summary>
    public ImmutableArray<string> ChangedGlobalKeys { get; init; } = [];
    public ImmutableArray<Prefix> AddedPrefixes { get; init; } = [];
    public ImmutableArray<Prefix> RemovedPrefixes { get; init; } = [];
    /// <summary>Filters added, removed or redefined.</summary>
    public ImmutableArray<string> ChangedFilters { get; init; } = [];

    /// <summary>asNumber or routerId changed: they are in every OPEN, so every session restarts.</summary>
    public bool ResetsAllSessions => ChangedGlobalKeys.Contains("asNumber") || ChangedGlobalKeys.Contains("routerId");
    public bool RestartsListener => ChangedGlobalKeys.Contains("listen");
    public bool RestartsApi => ChangedGlobalKeys.Contains("api");

    public bool IsEmpty =>
        AddedPeers.IsEmpty && RemovedPeers.IsEmpty && ChangedPeers.IsEmpty && ChangedGlobalKeys.IsEmpty
        && AddedPrefixes.IsEmpty && RemovedPrefixes.IsEmpty && ChangedFilters.IsEmpty;

    public static ConfigDiff Compare(BgpdConfig old, BgpdConfig @new)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        var filters = ChangedFilterNames(old, @new);
        bool grChanged = old.GracefulRestart != @new.GracefulRestart;

        var oldByAddress = old.Peers.ToDictionary(p => p.Address);
        var newAddresses = @new.Peers.Select(p => p.Address).ToHashSet();
        var added = ImmutableArray.CreateBuilder<NeighborConfig>();
        var changed = ImmutableArray.CreateBuilder<PeerChange>();
        foreach (var peer in @new.Peers)
        {
            if (!oldByAddress.TryGetValue(peer.Address, out var before))
            {
                added.Add(peer);
                continue;
            }
            var change = ComparePeer(before, peer, filters, grChanged);
            if (change is not null) changed.Add(change);
        }

        return new ConfigDiff
        {
            AddedPeers = added.ToImmutable(),
            RemovedPeers = [.. old.Peers.Where(p => !newAddresses.Contains(p.Address))],
            ChangedPeers = changed.ToImmutable(),
            ChangedGlobalKeys = GlobalKeys(old, @new),
            AddedPrefixes = [.. @new.Prefixes.Except(old.Prefixes)],
            RemovedPrefixes = [.. old.Prefixes.Except(@new.Prefixes)],
            ChangedFilters = filters,
        };
    }

    private static ImmutableArray<string> GlobalKeys(BgpdConfig a, BgpdConfig b)
    {
        var keys = ImmutableArray.CreateBuilder<string>();
        if (a.AsNumber != b.AsNumber) keys.Add("asNumber");
        if (a.RouterId != b.RouterId) keys.Add("routerId");
        if (a.Listen != b.Listen) keys.Add("listen");
        if (a.Api != b.Api) keys.Add("api");
        if (a.Health != b.Health) keys.Add("health");
        if (a.RouteReflectorClusterId != b.RouteReflectorClusterId) keys.Add("routeReflectorClusterId");
        if (a.Kernel != b.Kernel) keys.Add("kernel");
        if (a.GracefulRestart != b.GracefulRestart) keys.Add("gracefulRestart");
        if (a.MaxPaths != b.MaxPaths) keys.Add("maxPaths");
        if (a.BestPath != b.BestPath) keys.Add("bestPath");
        if (a.Logging != b.Logging) keys.Add("logging");
        // Startup only: takes effect at the next start, like the other keys the reload leaves for a restart.
        if (a.Warmup != b.Warmup) keys.Add("warmup");
        // An engine setting (RibEngineSettings.UpdateGroups), fixed when the RIB is made.
        if (a.UpdateGroups != b.UpdateGroups) keys.Add("updateGroups");
        // Read when the RIB's stores map memory; mappings made before keep their advice.
        if (a.HugePages != b.HugePages) keys.Add("hugePages");
        return keys.ToImmutable();
    }

    private static ImmutableArray<string> ChangedFilterNames(BgpdConfig a, BgpdConfig b)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, terms) in a.Filters)
            if (!b.Filters.TryGetValue(name, out var other) || !ConfigEquality.Terms(terms, other)) names.Add(name);
        foreach (var name in b.Filters.Keys)
            if (!a.Filters.ContainsKey(name)) names.Add(name);
        return [.. names];
    }

    private static PeerChange? ComparePeer(NeighborConfig a, NeighborConfig b, ImmutableArray<string> changedFilters, bool globalGrChanged)
    {
        var keys = ImmutableArray.CreateBuilder<string>();
        var effect = PeerChangeEffect.None;
        foreach (var rule in PeerRules)
        {
            if (!rule.Differs(a, b)) continue;
            if (!keys.Contains(rule.Key)) keys.Add(rule.Key);
            effect |= rule.Effect;
        }
        // Unchanged names, changed definitions: the policy is new even if the peer's keys are not.
        if (changedFilters.Contains(b.ImportFilter) && a.ImportFilter == b.ImportFilter)
        {
            keys.Add($"filters.{b.ImportFilter}");
            effect |= PeerChangeEffect.SoftResetIn;
        }
        if (changedFilters.Contains(b.ExportFilter) && a.ExportFilter == b.ExportFilter)
        {
            if (!keys.Contains($"filters.{b.ExportFilter}")) keys.Add($"filters.{b.ExportFilter}");
            effect |= PeerChangeEffect.SoftResetOut;
        }
        // A peer that follows the global graceful-restart setting advertises a different capability.
        if (globalGrChanged && b.GracefulRestart.Enabled is null && a.GracefulRestart.Enabled is null)
        {
            keys.Add("gracefulRestart (global)");
            effect |= PeerChangeEffect.SessionReset;
        }
        return keys.Count == 0 ? null : new PeerChange(a, b, keys.ToImmutable(), effect);
    }

    /// <summary>
    /// Every NeighborConfig property, the config key it comes from, and what a change of it needs.
    /// Session resets: whatever goes into the OPEN (AS, hold time, families, add-path, graceful restart)
    /// or into the TCP connection (port, MD5 key, source address, GTSM). A test checks this table
    /// covers every property, so a new key cannot be forgotten here.
    /// </summary>
    internal static readonly ImmutableArray<PeerRule> PeerRules =
    [
        new("peerIP", nameof(NeighborConfig.Port), PeerChangeEffect.SessionReset, (a, b) => a.Port != b.Port),
        new("asNumber", nameof(NeighborConfig.AsNumber), PeerChangeEffect.SessionReset, (a, b) => a.AsNumber != b.AsNumber),
        new("passive", nameof(NeighborConfig.Passive), PeerChangeEffect.None, (a, b) => a.Passive != b.Passive),
        new("password", nameof(NeighborConfig.Password), PeerChangeEffect.SessionReset, (a, b) => a.Password != b.Password),
        new("routeReflectorClient", nameof(NeighborConfig.RouteReflectorClient), PeerChangeEffect.SoftResetIn | PeerChangeEffect.SoftResetOut,
            (a, b) => a.RouteReflectorClient != b.RouteReflectorClient),
        new("holdTime", nameof(NeighborConfig.HoldTime), PeerChangeEffect.SessionReset, (a, b) => a.HoldTime != b.HoldTime),
        new("keepaliveTime", nameof(NeighborConfig.KeepaliveTime), PeerChangeEffect.SessionReset, (a, b) => a.KeepaliveTime != b.KeepaliveTime),
        new("families", nameof(NeighborConfig.Families), PeerChangeEffect.SessionReset, (a, b) => !a.Families.SequenceEqual(b.Families)),
        new("importFilter", nameof(NeighborConfig.ImportFilter), PeerChangeEffect.SoftResetIn, (a, b) => a.ImportFilter != b.ImportFilter),
        new("exportFilter", nameof(NeighborConfig.ExportFilter), PeerChangeEffect.SoftResetOut, (a, b) => a.ExportFilter != b.ExportFilter),
        new("sourceAddress", nameof(NeighborConfig.SourceAddress), PeerChangeEffect.SessionReset, (a, b) => !Equals(a.SourceAddress, b.SourceAddress)),
        new("ttlSecurity", nameof(NeighborConfig.TtlSecurityHops), PeerChangeEffect.SessionReset, (a, b) => a.TtlSecurityHops != b.TtlSecurityHops),
        new("nextHopSelf", nameof(NeighborConfig.NextHopSelf), PeerChangeEffect.SoftResetOut, (a, b) => a.NextHopSelf != b.NextHopSelf),
        new("keepOriginalNextHop", nameof(NeighborConfig.KeepOriginalNextHop), PeerChangeEffect.SoftResetOut,
            (a, b) => a.KeepOriginalNextHop != b.KeepOriginalNextHop),
        new("numAllowedLocalASNumbers", nameof(NeighborConfig.NumAllowedLocalASNumbers), PeerChangeEffect.SoftResetIn,
            (a, b) => a.NumAllowedLocalASNumbers != b.NumAllowedLocalASNumbers),
        new("gracefulRestart", nameof(NeighborConfig.GracefulRestart), PeerChangeEffect.SessionReset, (a, b) => a.GracefulRestart != b.GracefulRestart),
        new("addPaths", nameof(NeighborConfig.AddPaths), PeerChangeEffect.SessionReset, (a, b) => a.AddPaths != b.AddPaths),
        new("maxPrefixes", nameof(NeighborConfig.MaxPrefixes), PeerChangeEffect.None, (a, b) => a.MaxPrefixes != b.MaxPrefixes),
        new("description", nameof(NeighborConfig.Description), PeerChangeEffect.None, (a, b) => a.Description != b.Description),
        // Takes effect when the session next comes up (what is kept starts with the routes received then).
        new("softReconfigurationInbound", nameof(NeighborConfig.SoftReconfigurationInbound), PeerChangeEffect.None,
            (a, b) => a.SoftReconfigurationInbound != b.SoftReconfigurationInbound),
    ];

    internal sealed record PeerRule(string Key, string Property, PeerChangeEffect Effect, Func<NeighborConfig, NeighborConfig, bool> Differs);
}
