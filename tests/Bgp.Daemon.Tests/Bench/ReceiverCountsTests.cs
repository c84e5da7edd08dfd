using System.Collections.Immutable;
using System.Net;
using Bgp.Load;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Testing;

namespace Bgp.Daemon.Tests.Bench;

/// <summary>The benchmark receiver's raw walk (<see cref="ReceiverCounts.Apply(ReadOnlySpan{byte}, out string?)"/>)
/// against its decoded path: same counts on the corpus and on the generator's own stream.</summary>
public sealed class ReceiverCountsTests
{
    private static readonly CodecOptions Options = CodecOptions.FourOctet;

    private static void AssertSame(ReceiverCounts expected, ReceiverCounts actual, string what)
    {
        Assert.True(expected.V4.Count == actual.V4.Count, $"{what}: IPv4 {expected.V4.Count} vs {actual.V4.Count}");
        Assert.True(expected.V6.Count == actual.V6.Count, $"{what}: IPv6 {expected.V6.Count} vs {actual.V6.Count}");
        Assert.True(expected.Announced == actual.Announced, $"{what}: announced {expected.Announced} vs {actual.Announced}");
        Assert.True(expected.Withdrawn == actual.Withdrawn, $"{what}: withdrawn {expected.Withdrawn} vs {actual.Withdrawn}");
        Assert.True(expected.EndOfRibs == actual.EndOfRibs, $"{what}: EoR {expected.EndOfRibs} vs {actual.EndOfRibs}");
        Assert.True(expected.NotBest.SetEquals(actual.NotBest), $"{what}: not-best sets differ");
    }

    [Fact]
    public void Apply_CorpusUpdatesTwice_WalkCountsAsDecoder()
    {
        int walked = 0;
        foreach (string file in Fixtures.MessageFiles())
        {
            var reference = new ReceiverCounts(1, 1, checkBest: true);
            var fast = new ReceiverCounts(1, 1, checkBest: true);
            int updates = 0;
            foreach (byte[] m in Fixtures.ReadHexLines(file))
            {
                if (m.Length < BgpConstants.HeaderLength || m[18] != 2) continue;
                var r = BgpDecoder.Decode(m, Options);
                // Twice: the first fills the verdict, the second may take the walk.
                for (int i = 0; i < 2; i++)
                {
                    updates++;
                    fast.Apply(m, out string? problem);
                    Assert.True((problem is null) == r.Success, $"{file}: walk said '{problem}', decoder {r.Error}");
                    if (r.Message is UpdateMessage u) reference.Apply(u);
                }
            }
            AssertSame(reference, fast, file);
            walked += updates - (int)fast.Decoded;
        }
        Assert.True(walked > 100, $"only {walked} corpus UPDATEs took the walk");
    }

    [Fact]
    public void Apply_GeneratorStreamOfTwoSessions_HoldsTableAndSecondSessionDecodesOnlyEndOfRib()
    {
        var groups = SyntheticTable.Build(11, 3000, 2000);
        int long6 = groups.Sum(g => g.Routes.Count(r => r.Prefix.IsIpv6 && r.Prefix.Length > 56));
        Assert.True(long6 > 0, "the table should have IPv6 prefixes longer than /56 (the set's fallback)");
        ReceiverCounts? last = null;
        for (int s = 0; s < 2; s++)
        {
            var local = IPAddress.Parse($"10.9.0.{s + 1}");
            var spec = new SessionSpec(local, IPAddress.Parse("10.9.0.100"), 65001, [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast], true);
            var stream = UpdateStream.Encode(groups, spec, 65001, local, IPAddress.Parse($"fd09::{s + 1}"));
            var fast = new ReceiverCounts(3000, 2000);
            var reference = new ReceiverCounts(3000, 2000);
            bool complete = false;
            foreach (var chunk in stream.Chunks)
            {
                var bytes = chunk.ToArray();
                for (int at = 0; at < bytes.Length;)
                {
                    int len = bytes[at + 16] << 8 | bytes[at + 17];
                    var m = bytes.AsSpan(at, len);
                    complete |= fast.Apply(m, out string? problem);
                    Assert.Null(problem);
                    reference.Apply((UpdateMessage)BgpDecoder.Decode(m, Options).Message!);
                    at += len;
                }
            }
            Assert.True(complete);
            Assert.Equal(3000, fast.V4.Count);
            Assert.Equal(2000, fast.V6.Count);
            Assert.Equal(2, fast.EndOfRibs);
            AssertSame(reference, fast, $"session {s}");
            last = fast;
        }
        // The second session has its own next hop but the same attribute sets: only its two End-of-RIBs are decoded.
        Assert.Equal(2, last!.Decoded);
    }

    [Fact]
    public void Apply_SameStreamToSessionsOverSharedIndexesInAndOutOfOrder_EachCountsAsDecoder()
    {
        // As workload 3's receiver: sessions share the prefix indexes and the verdict log; one is sent the stream
        // in order (it reads on from the logs), one in reverse (every key out of order), one in order again.
        var groups = SyntheticTable.Build(13, 3000, 2000);
        var local = IPAddress.Parse("10.9.1.1");
        var spec = new SessionSpec(local, IPAddress.Parse("10.9.1.100"), 65001, [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast], true);
        var stream = UpdateStream.Encode(groups, spec, 65001, local, IPAddress.Parse("fd09:1::1"));
        var messages = new List<byte[]>();
        foreach (var chunk in stream.Chunks)
        {
            var bytes = chunk.ToArray();
            for (int at = 0; at < bytes.Length; at += bytes[at + 16] << 8 | bytes[at + 17])
                messages.Add(bytes[at..(at + (bytes[at + 16] << 8 | bytes[at + 17]))]);
        }
        var index4 = new PrefixIndex(3000);
        var index6 = new PrefixIndex(2000);
        var reference = new ReceiverCounts(3000, 2000);
        foreach (var m in messages) reference.Apply((UpdateMessage)BgpDecoder.Decode(m, Options).Message!);
        foreach (bool reverse in new[] { false, true, false })
        {
            var fast = new ReceiverCounts(3000, 2000, index4: index4, index6: index6);
            for (int i = 0; i < messages.Count; i++)
            {
                fast.Apply(messages[reverse ? messages.Count - 1 - i : i], out string? problem);
                Assert.Null(problem);
            }
            Assert.Equal(3000, fast.V4.Count);
            Assert.Equal(2000, fast.V6.Count);
            AssertSame(reference, fast, reverse ? "reversed" : "in order");
        }
    }

    private static byte[] Update(PathAttributes attrs, params string[] nlri) =>
        BgpEncoder.ToArray(new UpdateMessage { Attributes = attrs, Nlri = [.. nlri.Select(p => new Nlri(Prefix.Parse(p)))] }, Options);

    private static readonly PathAttributes Full = new()
    {
        Origin = Origin.Igp,
        AsPath = AsPath.FromSequence([65001, 65010]),
        NextHop = IPAddress.Parse("192.0.2.1"),
        LocalPref = 100,
    };

    [Fact]
    public void Apply_MissingOriginTwice_TreatsAsWithdrawOnTheWalkToo()
    {
        var rc = new ReceiverCounts(2, 0);
        Assert.True(rc.Apply(Update(Full, "198.51.100.0/24", "203.0.113.0/24"), out string? problem));
        Assert.Null(problem);
        var noOrigin = Update(Full with { Origin = null, AsPath = AsPath.FromSequence([65001, 65011]) }, "198.51.100.0/24");
        rc.Apply(noOrigin, out _);
        rc.Apply(Update(Full, "198.51.100.0/24"), out _);
        long decodedBefore = rc.Decoded;
        rc.Apply(noOrigin, out problem);
        Assert.Null(problem);
        Assert.Equal(decodedBefore, rc.Decoded);
        Assert.Equal(1, rc.V4.Count);
        Assert.Equal(2, rc.Withdrawn);
    }

    [Fact]
    public void Apply_PaddedPathOnTheWalk_MarksNotBestUntilUnpadded()
    {
        var rc = new ReceiverCounts(1, 0, checkBest: true);
        var padded = Update(Full with { AsPath = AsPath.FromSequence([PathVariants.PadBase + 3, 65001]) }, "198.51.100.0/24");
        rc.Apply(padded, out _);
        rc.Apply(padded, out _);
        Assert.Equal(1, rc.Decoded);
        Assert.Single(rc.NotBest);
        Assert.True(rc.Apply(Update(Full, "198.51.100.0/24"), out _));
        Assert.Empty(rc.NotBest);
    }

    [Fact]
    public void Apply_FlapAnnouncementOnTheWalk_LogsItsSequenceNumber()
    {
        var log = new FlapLog();
        var rc = new ReceiverCounts(0, 0, flaps: log);
        var attrs = Full with { LargeCommunities = [new LargeCommunity(65001, Flaps.SeqTag, 42)] };
        var m = Update(attrs, Flaps.Prefix(5).ToString());
        rc.Apply(m, out _);
        rc.Apply(m, out _);
        Assert.Equal(1, rc.Decoded);
        Assert.Equal(2, log.Count);
        Assert.Equal(0, rc.V4.Count);
        string path = Path.GetTempFileName();
        try
        {
            log.Write(path);
            Assert.All(File.ReadAllLines(path), l => Assert.StartsWith("A 5 42 ", l, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Apply_PrefixLongerThan32_FailsAndCountsNothing()
    {
        var m = Update(Full, "198.51.100.0/24");
        var rc = new ReceiverCounts(1, 0);
        rc.Apply(m, out _);
        // Make the prefix length octet (last 4 octets: 24, 198, 51, 100) say 33.
        m[^4] = 33;
        rc.Apply(m, out string? problem);
        Assert.NotNull(problem);
        Assert.Equal(1, rc.Announced);
    }

    [Theory]
    [InlineData(false, 0, "")]
    [InlineData(false, 20, "c6 33 6f")]
    [InlineData(false, 32, "c6 33 64 01")]
    [InlineData(true, 33, "20 01 0d b8 ff")]
    [InlineData(true, 56, "20 01 0d b8 00 01 02")]
    public void PrefixSet_KeyFromNlriOctetsWithHostBits_SameEntryAsPrefix(bool ipv6, int length, string hex)
    {
        byte[] octets = Hex.Bytes(hex.Replace(" ", "", StringComparison.Ordinal));
        var set = new PrefixSet();
        Assert.True(set.Add(Prefix.FromNlriBytes(ipv6, length, octets)));
        Assert.True(PrefixSet.TryKey(ipv6, length, octets, out ulong key));
        Assert.False(set.AddKey(key));
        Assert.True(set.RemoveKey(key));
        Assert.Equal(0, set.Count);
    }

    [Fact]
    public void PrefixSet_TwoSetsOverOneSharedIndexPastFull_EachMatchesItsHashSet()
    {
        // The index of 1,024 slots takes 768 keys; the pool has about 2,000 of the family, so both sets also keep
        // keys the index could not take, and the index holds keys only the other set has.
        var random = new Random(11);
        foreach (bool ipv6 in new[] { false, true })
        {
            var index = new PrefixIndex(8);
            var sets = new[] { new PrefixSet(index), new PrefixSet(index) };
            var models = new[] { new HashSet<Prefix>(), new HashSet<Prefix>() };
            var pool = new List<Prefix> { ipv6 ? Prefix.Parse("::/0") : Prefix.Parse("0.0.0.0/0") };
            for (int i = 0; i < 2000; i++)
                pool.Add(ipv6
                    ? Prefix.V6(0x2001_0db8_0000_0000UL | (ulong)random.Next(1 << 20) << 16, 0, 48)
                    : Prefix.V4((uint)random.Next(1 << 24) << 8, 24));
            for (int i = 0; i < 40_000; i++)
            {
                int s = random.Next(2);
                var p = pool[random.Next(pool.Count)];
                if (random.Next(3) == 0) Assert.Equal(models[s].Remove(p), sets[s].Remove(p));
                else Assert.Equal(models[s].Add(p), sets[s].Add(p));
            }
            for (int s = 0; s < 2; s++)
            {
                Assert.Equal(models[s].Count, sets[s].Count);
                Assert.All(pool, q => Assert.Equal(models[s].Contains(q), sets[s].Contains(q)));
            }
        }
    }

    [Fact]
    public void PrefixSet_SessionsSentTheSameStream_EachMatchesItsHashSet()
    {
        // Three sessions over one index are sent one stream of adds and removes (the log's order, then read on
        // from it), the third with some of it skipped, repeated or out of order; each set must equal its model.
        var random = new Random(5);
        var index = new PrefixIndex(3000);
        var stream = new List<(bool Add, Prefix P)>();
        for (int i = 0; i < 3000; i++)
            stream.Add((random.Next(5) != 0, Prefix.V4((uint)random.Next(1 << 12) << 8, 24)));
        var sets = new[] { new PrefixSet(index), new PrefixSet(index), new PrefixSet(index) };
        var models = new[] { new HashSet<Prefix>(), new HashSet<Prefix>(), new HashSet<Prefix>() };
        for (int i = 0; i < stream.Count; i++)
            for (int s = 0; s < 3; s++)
            {
                var (add, p) = stream[i];
                if (s == 2 && random.Next(10) == 0) (add, p) = stream[random.Next(stream.Count)];
                if (add) Assert.Equal(models[s].Add(p), sets[s].Add(p));
                else Assert.Equal(models[s].Remove(p), sets[s].Remove(p));
            }
        for (int s = 0; s < 3; s++)
        {
            Assert.Equal(models[s].Count, sets[s].Count);
            Assert.All(stream, e => Assert.Equal(models[s].Contains(e.P), sets[s].Contains(e.P)));
        }
    }

    [Fact]
    public void PrefixSet_RandomAddsAndRemoves_MatchesHashSet()
    {
        var random = new Random(7);
        var set = new PrefixSet(8);
        var model = new HashSet<Prefix>();
        var pool = new List<Prefix> { Prefix.Parse("0.0.0.0/0"), Prefix.Parse("::/0"), Prefix.Parse("2001:db8::/64") };
        for (int i = 0; i < 3000; i++)
            pool.Add(random.Next(3) switch
            {
                0 => Prefix.V4((uint)random.Next(256) << 24 | (uint)random.Next(64) << 8, 24),
                1 => Prefix.V4((uint)random.Next(256) << 24, random.Next(8, 33)),
                _ => Prefix.V6(0x2001_0db8_0000_0000UL | (ulong)random.Next(4096) << 16, 0, random.Next(2) == 0 ? 48 : 64),
            });
        // One family per set: keep the IPv4 pool apart from the IPv6 one.
        foreach (bool ipv6 in new[] { false, true })
        {
            set = new PrefixSet(8);
            model.Clear();
            var mine = pool.Where(p => p.IsIpv6 == ipv6).ToList();
            for (int i = 0; i < 40_000; i++)
            {
                var p = mine[random.Next(mine.Count)];
                if (random.Next(3) == 0) Assert.Equal(model.Remove(p), set.Remove(p));
                else Assert.Equal(model.Add(p), set.Add(p));
                if (i % 997 == 0) Assert.All(mine, q => Assert.Equal(model.Contains(q), set.Contains(q)));
            }
            Assert.Equal(model.Count, set.Count);
            Assert.All(mine, q => Assert.Equal(model.Contains(q), set.Contains(q)));
        }
    }
}
