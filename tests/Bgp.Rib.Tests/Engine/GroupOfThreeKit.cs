using System.Buffers;
using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Tests.Export;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// An update group of three route-reflector clients (2, 3, 4) fed by one eBGP source (1), written as the RIB loop
/// writes it: shared by the group split tests (route refresh, stalled member).
/// </summary>
internal static class GroupOfThreeKit
{
    internal static readonly Func<int, bool> NoneBusy = _ => false;
    internal static readonly int[] Clients = [2, 3, 4];

    /// <summary>Source 1 (eBGP, AS 65001) and route-reflector clients 2, 3 and 4 in one group, with the given routes sent.</summary>
    internal static RibEngine GroupOfThree(bool dense, params string[] prefixes)
    {
        var e = new RibEngine(new RibEngineSettings(LocalAs, EngineKit.RouterId) { UpdateGroups = true })
        {
            VerifyMerges = true,
            AdjRibOutDenseMinimum = dense ? 0 : 256,
        };
        e.Execute(Up(1, 65001));
        foreach (int id in Clients) e.Execute(Up(id, LocalAs, UpdateGroupTests.Client));
        foreach (string p in prefixes) Announce(e, p, 65100);
        DrainAll(e);
        Assert.Equal(2, e.MergeGroups(NoneBusy));
        Assert.Equal(3, e.GroupSize(2));
        return e;
    }

    internal static void Announce(RibEngine e, string prefix, uint origin) =>
        e.Execute(new UpdateReceived(1, EngineKit.Announce(prefix, Attrs("192.0.2.1", 65001, origin))));

    /// <summary>
    /// Writes everything pending as the RIB loop does (each Adj-RIB-Out once, through the peer that writes for it) and
    /// returns what each client is given, decoded, End-of-RIB markers left out.
    /// </summary>
    internal static Dictionary<int, List<UpdateMessage>> DrainAll(RibEngine e)
    {
        var given = new Dictionary<int, List<UpdateMessage>>();
        foreach (int id in Clients) given[id] = [];
        var targets = new List<int>();
        e.CollectPeersWithPending(targets);
        foreach (int target in targets)
        {
            Assert.True(e.TryGetPeerFacts(target, out var facts));
            var output = new ArrayBufferWriter<byte>();
            Assert.False(e.WritePending(target, output, 1 << 20, facts.CodecOptions));
            var updates = ExportKit.DecodeAll(output.WrittenSpan, facts.CodecOptions).FindAll(u => u.EndOfRib is null);
            var members = new List<int>();
            e.CopyGroupMembers(target, members);
            foreach (int id in members)
                if (given.TryGetValue(id, out var list)) list.AddRange(updates);
        }
        Assert.Equal(0, e.CollectPeersWithPending(targets = []));
        return given;
    }

    internal static List<string> Announced(List<UpdateMessage> updates) =>
        updates.SelectMany(u => u.Nlri.Select(n => $"{n.Prefix} {u.Attributes.AsPath}")).Order(StringComparer.Ordinal).ToList();

    internal static List<string> Withdrawn(List<UpdateMessage> updates) =>
        updates.SelectMany(u => u.Withdrawn.Select(n => n.Prefix.ToString())).Order(StringComparer.Ordinal).ToList();
}
