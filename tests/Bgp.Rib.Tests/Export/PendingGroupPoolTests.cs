using System.Buffers;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests.Export;

public class PendingGroupPoolTests
{
    private const int SetsPerTurn = 200;
    private const int RoutesPerSet = 3;
    private static readonly CodecOptions Options = CodecOptions.FourOctet;

    private readonly ExportInterner _interner = new();
    private readonly ArrayBufferWriter<byte> _output = new(1 << 20);

    [Fact]
    public void WritePending_TurnsOfManyNewSetsOnTwoPeers_ReuseTheDrainedGroupsWithoutAllocating()
    {
        // A full-table ingest pends hundreds of new sets per RIB loop turn on every peer: the groups drained by
        // one turn serve the next. Same prefixes each turn, new sets, so the maps keep their size.
        var first = NewSets(1);
        var second = NewSets(2);
        var a = new AdjRibOut(_interner);
        var b = new AdjRibOut(_interner);
        Turn(a, first);
        Turn(b, first);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Turn(a, second);
        Turn(b, second);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(SetsPerTurn * RoutesPerSet, a.SentCount);
        Assert.Equal(SetsPerTurn * RoutesPerSet, b.SentCount);
    }

    [Fact]
    public void TrimIdle_GroupsTakenSinceTheLastTrim_KeepsTheSparesUntilAQuietInterval()
    {
        // The trim timer ticks during an ingest too, and one idle peer says nothing about the others: the pool is
        // let go only after an interval in which no peer took a group.
        var pool = _interner.SpareGroups;
        var sets = NewSets(1);
        var groups = new PendingGroup[sets.Length];
        for (int i = 0; i < sets.Length; i++)
        {
            groups[i] = pool.Rent(Afi.Ipv4, sets[i]);
            groups[i].AddDense(i);
        }
        foreach (var g in groups) pool.Return(g);
        Assert.Equal(SetsPerTurn, pool.Count);
        Assert.InRange(pool.Bytes, SetsPerTurn * PendingGroupPool.GroupOverhead, PendingGroupPool.MaxBytes);
        Assert.True(pool.TrimIdle());
        Assert.Equal(SetsPerTurn, pool.Count);
        Assert.False(pool.TrimIdle());
        Assert.Equal(0, pool.Count);
        Assert.Equal(0, pool.Bytes);
    }

    [Fact]
    public void Return_MoreGroupsThanTheBound_KeepsNoMoreThanMaxBytes()
    {
        // Shared by every peer: the bound holds whatever the number of peers draining into it.
        var pool = new PendingGroupPool();
        var set = NewSets(1)[0];
        int returned = 0;
        while (returned * PendingGroupPool.GroupOverhead <= 2 * PendingGroupPool.MaxBytes)
        {
            var group = new PendingGroup(Afi.Ipv4, set);
            group.AddDense(returned);
            group.Clear(trim: false);
            pool.Return(group);
            returned++;
        }
        Assert.InRange(pool.Bytes, PendingGroupPool.MaxBytes / 2, PendingGroupPool.MaxBytes);
        Assert.True(pool.Count < returned / 2, $"{pool.Count} of {returned} groups kept");
    }

    [Fact]
    public void Return_GroupOfASetReleasedSince_SpareDoesNotKeepTheSetAlive()
    {
        // About 1,000 spares (MaxBytes) live until a quiet interval; each keeping the last set it carried would
        // hold that many dead sets and their attributes, none of them counted against the bound.
        var pool = new PendingGroupPool();
        var set = ReturnGroupOfReleasedSet(pool);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(1, pool.Count);
        Assert.False(set.IsAlive);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference ReturnGroupOfReleasedSet(PendingGroupPool pool)
    {
        var interner = new ExportInterner();
        var set = interner.Intern(Afi.Ipv4, new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65000), NextHop = SelfV4 }, SelfV4);
        var group = new PendingGroup(Afi.Ipv4, set);
        group.AddDense(1);
        group.Clear(trim: false);
        pool.Return(group);
        interner.Release(set);
        return new WeakReference(set);
    }

    private ExportedRoute[] NewSets(uint turn)
    {
        var sets = new ExportedRoute[SetsPerTurn];
        for (int i = 0; i < sets.Length; i++)
        {
            // The reference taken here is kept, so that a set outlives the routes that move on to the next turn's.
            sets[i] = _interner.Intern(Afi.Ipv4,
                new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65000, turn, (uint)i), NextHop = SelfV4 }, SelfV4);
        }
        return sets;
    }

    /// <summary>Every set announced for its routes (the same prefixes every turn), then everything written.</summary>
    private void Turn(AdjRibOut rib, ExportedRoute[] sets)
    {
        for (int i = 0; i < sets.Length; i++)
        {
            for (int r = 0; r < RoutesPerSet; r++)
            {
                _interner.AddReference(sets[i]);
                rib.Announce(new Nlri(Prefix.V4(0x0A000000u + ((uint)(i * RoutesPerSet + r) << 8), 24)), sets[i]);
            }
        }
        bool more = true;
        while (more)
        {
            _output.ResetWrittenCount();
            more = rib.WritePending(_output, 1 << 20, Options, out _);
        }
    }
}
