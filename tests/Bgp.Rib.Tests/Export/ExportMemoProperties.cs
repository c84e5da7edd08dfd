using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// The export memo against a plain dictionary model: random runs of export, clear, release and extra references over
/// several memos (peer classes), Loc-RIB sets, source keys and families. The memo may forget (its dictionary is
/// emptied, a place is taken by another memo), but an answer it hands out must be the one its model holds for that
/// memo and key since the memo's last Clear, and still referenced. Some runs start the stamps near their end, so
/// memos with and without stamps share sets.
/// </summary>
public sealed class ExportMemoProperties
{
    private static readonly ExportSource[] Sources =
    [
        ExportKit.FromEbgp(),
        ExportKit.FromEbgp(id: 4) with { BgpId = 0x0A000009 },
        ExportKit.FromNonClient(),
        ExportKit.FromClient(),
        ExportKit.Local,
    ];

    private static readonly Afi[] Families = [Afi.Ipv4, Afi.Ipv6];

    private static readonly Gen<(int Seed, int Count)> Runs = SeededRuns(300, 3000);

    [Property(MaxTest = 40)]
    public Property TryGet_RandomExportClearReleaseRuns_OnlyHandsOutTheModelsLiveAnswer() =>
        Prop.ForAll(Runs.ToArbitrary(), run =>
        {
            var random = new Random(run.Seed);
            // A few runs have many sets, five memos and four times the steps, so that the dictionaries of the memos
            // without a place fill and are emptied by Set.
            bool wide = random.Next(4) == 0;
            int setCount = wide ? 1500 : 2 + random.Next(6);
            int memoCount = wide ? 5 : 2 + random.Next(4);
            int steps = wide ? 4 * run.Count : run.Count;
            // Some runs hand out the last stamps, so that memos run out part way.
            var stamps = random.Next(3) == 0 ? new ExportMemoStamps(uint.MaxValue - random.Next(2, 12)) : new ExportMemoStamps();
            var interner = new ExportInterner();
            var attributes = new AttributeInterner();
            var sets = new RouteAttributes[setCount];
            for (int i = 0; i < setCount; i++) sets[i] = attributes.Intern(Attrs(med: (uint)i), null);
            var memos = new ExportMemo[memoCount];
            for (int i = 0; i < memoCount; i++) memos[i] = new ExportMemo(stamps);
            var model = new Dictionary<(int Memo, RouteAttributes Set, ExportSource Source, Afi Afi), ExportedRoute>();
            var held = new List<ExportedRoute>();
            uint made = 0;
            for (int k = 0; k < steps; k++)
            {
                int op = random.Next(20);
                // Clears are rare in the wide runs, or no dictionary would fill.
                if (op == 0 && (!wide || random.Next(100) == 0))
                {
                    int m = random.Next(memoCount);
                    memos[m].Clear();
                    foreach (var key in model.Keys.Where(key => key.Memo == m).ToList()) model.Remove(key);
                }
                else if (op <= 4 && held.Count > 0)
                {
                    int i = random.Next(held.Count);
                    interner.Release(held[i]);
                    held[i] = held[^1];
                    held.RemoveAt(held.Count - 1);
                }
                else if (op == 5 && held.Count > 0)
                {
                    var extra = held[random.Next(held.Count)];
                    interner.AddReference(extra);
                    held.Add(extra);
                }
                else
                {
                    int m = random.Next(memoCount);
                    var set = sets[random.Next(setCount)];
                    var source = Sources[random.Next(Sources.Length)];
                    var afi = Families[random.Next(2)];
                    var key = (m, set, source, afi);
                    model.TryGetValue(key, out var expected);
                    if (memos[m].TryGet(set, source, afi, out var answer))
                    {
                        if (!ReferenceEquals(answer, expected) || answer.ReferenceCount <= 0)
                            return false.Label($"step {k}: memo {m} answered a set that is not its live answer for the key");
                        interner.AddReference(answer);
                        held.Add(answer);
                    }
                    else
                    {
                        // A new answer, distinct from every other (its own ORIGINATOR_ID), held by this run.
                        var fresh = interner.Intern(afi, Attrs() with { OriginatorId = ++made }, null);
                        memos[m].Set(set, source, afi, fresh, wide ? 0 : interner.Count);
                        model[key] = fresh;
                        held.Add(fresh);
                    }
                }
            }
            return true.ToProperty();
        });

    private static readonly IPAddress OtherSelf = IPAddress.Parse("198.51.100.2");

    /// <summary>
    /// Five peer classes (two eBGP next-hop-self addresses, reflector clients, non-clients, clients with next-hop-self),
    /// two exporters each sharing the class's memo, over sets with and without ORIGINATOR_ID from every source kind:
    /// every set handed out, from the exporter's last answer, a place on the set or the dictionary, carries what the
    /// rules make for that peer and source now, across memo clears and releases.
    /// </summary>
    [Property(MaxTest = 40)]
    public Property Export_RandomRunsOverFivePeerClasses_EveryAnswerIsTheRulesRewrite() =>
        Prop.ForAll(Runs.ToArbitrary(), run =>
        {
            var random = new Random(run.Seed);
            var stamps = random.Next(3) == 0 ? new ExportMemoStamps(uint.MaxValue - random.Next(2, 8)) : new ExportMemoStamps();
            var interner = new ExportInterner();
            var attributes = new AttributeInterner();
            RouteAttributes[] sets =
            [
                attributes.Intern(Attrs(), null),
                attributes.Intern(Attrs(med: 5), null),
                attributes.Intern(Attrs(originatorId: "10.9.9.9", clusterListLength: 1), null),
                attributes.Intern(Attrs(nextHop: "192.0.2.77", localPref: 200), null),
            ];
            ExportPeer[] classes =
            [
                ExportKit.Ebgp(),
                ExportKit.Ebgp() with { LocalAddressV4 = OtherSelf },
                ExportKit.Ibgp(client: true),
                ExportKit.Ibgp(client: false),
                ExportKit.Ibgp(client: true) with { NextHop = NextHopMode.Self },
            ];
            var memos = new ExportMemo[classes.Length];
            var exporters = new PeerExporter[2 * classes.Length];
            for (int c = 0; c < classes.Length; c++)
            {
                memos[c] = new ExportMemo(stamps);
                for (int e = 0; e < 2; e++)
                    exporters[2 * c + e] = new PeerExporter(ExportKit.Speaker, classes[c] with { PeerId = 100 + 2 * c + e }, interner, memos[c]);
            }
            var held = new List<ExportedRoute>();
            for (int k = 0; k < run.Count; k++)
            {
                int op = random.Next(20);
                if (op == 0) memos[random.Next(memos.Length)].Clear();
                else if (op <= 5 && held.Count > 0)
                {
                    int i = random.Next(held.Count);
                    interner.Release(held[i]);
                    held[i] = held[^1];
                    held.RemoveAt(held.Count - 1);
                }
                else
                {
                    var exporter = exporters[random.Next(exporters.Length)];
                    var set = sets[random.Next(sets.Length)];
                    var source = Sources[random.Next(Sources.Length)];
                    var verdict = exporter.Export(source, Afi.Ipv4, set, out var exported);
                    var want = PathAttributes.Empty;
                    IPAddress? wantHop = null;
                    var expected = ExportRules.Check(source, exporter.Peer, set.Attributes);
                    if (expected == ExportVerdict.Advertise)
                        expected = ExportRules.Rewrite(ExportKit.Speaker, source, exporter.Peer, Afi.Ipv4, set, out want, out wantHop, out _);
                    if (verdict != expected) return false.Label($"step {k}: verdict {verdict}, the rules say {expected}");
                    if (verdict != ExportVerdict.Advertise) continue;
                    if (!Equals(exported!.NextHop, wantHop) || !exported.Attributes.Equals(want) || exported.ReferenceCount <= 0)
                        return false.Label($"step {k}: peer {exporter.Peer.PeerId} got {exported}, the rules make {want.AsPath} via {wantHop}");
                    held.Add(exported);
                }
            }
            return true.ToProperty();
        });
}
