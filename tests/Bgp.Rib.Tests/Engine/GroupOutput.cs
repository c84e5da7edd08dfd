using System.Buffers;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Tests.Export;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// The output side of the update-group properties: four receivers (peer ids <c>firstReceiver</c> to +3), each with
/// the table decoded from the octets it was given and a queue of chunks written for it but not delivered (its
/// session queue was full), drained as the RIB loop drains a group: one write per group, offered to every member,
/// and the group's next chunk only once no member has one waiting. The source peer's own copies are dropped.
/// It also counts, per receiver and prefix, what was given beyond what is needed: an announcement of the route the
/// receiver has already, and a withdrawal of a route it does not have (<see cref="CheckNoExtras"/>).
/// </summary>
internal sealed class GroupOutput(RibEngine engine, int source, int firstReceiver)
{
    private readonly Random _random = new(7);
    private readonly Dictionary<Prefix, PathAttributes>[] _tables = [[], [], [], []];
    private readonly Queue<byte[]>[] _waiting = [new(), new(), new(), new()];
    private readonly Dictionary<Prefix, int>[] _repeated = [[], [], [], []];
    private readonly int[] _extraWithdrawals = new int[4];
    private readonly int[] _refreshes = new int[4];
    private readonly HashSet<Prefix>[] _givenSinceRefresh = [[], [], [], []];

    public Dictionary<Prefix, PathAttributes> Table(int r) => _tables[r];

    /// <summary>Receiver <paramref name="r"/> came up (again): it has nothing, and nothing was given to it twice yet.</summary>
    public void Reset(int r)
    {
        _tables[r].Clear();
        _repeated[r].Clear();
        _extraWithdrawals[r] = 0;
        _refreshes[r] = 0;
        _givenSinceRefresh[r].Clear();
    }

    /// <summary>Receiver <paramref name="r"/> sent a ROUTE-REFRESH: it may be given each route it has once more.</summary>
    public void Refreshed(int r)
    {
        _refreshes[r]++;
        _givenSinceRefresh[r].Clear();
    }

    /// <summary>
    /// Asserts that, after its last route refresh, receiver <paramref name="r"/> was given every route it has (RFC 2918 3:
    /// the Adj-RIB-Out is re-advertised; one left out is a route the asker may have dropped under its old import policy).
    /// </summary>
    public void CheckRefreshesAnswered(int r)
    {
        if (_refreshes[r] == 0) return;
        foreach (var prefix in _tables[r].Keys)
            Assert.True(_givenSinceRefresh[r].Contains(prefix), $"receiver {r} was not given {prefix} again after its route refresh");
    }

    /// <summary>
    /// Asserts that receiver <paramref name="r"/> was never given a withdrawal of a route it did not have, and a
    /// route it had already at most once per route refresh it asked for (RFC 2918 3: the asker gets its table again,
    /// no other member does).
    /// </summary>
    public void CheckNoExtras(int r)
    {
        Assert.Equal(0, _extraWithdrawals[r]);
        foreach (var (prefix, n) in _repeated[r])
            Assert.True(n <= _refreshes[r], $"receiver {r} was given {prefix} again {n} times after {_refreshes[r]} route refreshes");
    }

    /// <summary>Receiver <paramref name="r"/> went down: what was on its way is lost.</summary>
    public void Drop(int r) => _waiting[r].Clear();

    /// <summary>True while a chunk waits for peer <paramref name="id"/> (the loop's "Sending"), for <see cref="RibEngine.MergeGroups"/>.</summary>
    public bool Busy(int id) => id >= firstReceiver && id < firstReceiver + 4 && _waiting[id - firstReceiver].Count > 0;

    /// <summary>One drain round: each group with output writes chunks while every member takes them; one in <paramref name="refuseOneIn"/> offers is refused (0: none).</summary>
    public void DrainRound(int refuseOneIn)
    {
        var targets = new List<int>();
        engine.CollectPeersWithPending(targets);
        foreach (int target in targets)
        {
            var members = new List<int>();
            engine.CopyGroupMembers(target, members);
            if (members.Exists(id => id != source && _waiting[id - firstReceiver].Count > 0)) continue;
            Assert.True(engine.TryGetPeerFacts(target, out var facts));
            bool more = true;
            while (more)
            {
                var output = new ArrayBufferWriter<byte>();
                // The smallest budget the engine takes: several chunks per table.
                more = engine.WritePending(target, output, BgpConstants.MaxExtendedMessageLength, facts.CodecOptions);
                if (output.WrittenCount == 0) break;
                byte[] chunk = output.WrittenSpan.ToArray();
                bool waiting = false;
                foreach (int id in members)
                {
                    if (id == source) continue;
                    int r = id - firstReceiver;
                    if (refuseOneIn > 0 && _random.Next(refuseOneIn) == 0)
                    {
                        _waiting[r].Enqueue(chunk);
                        waiting = true;
                    }
                    else Take(r, chunk);
                }
                if (waiting) break;
            }
        }
    }

    /// <summary>Receiver <paramref name="r"/>'s queue drains: it takes what waited, in order.</summary>
    public void Deliver(int r)
    {
        while (_waiting[r].TryDequeue(out var chunk)) Take(r, chunk);
    }

    /// <summary>Drains everything (every receiver taking every chunk), merging nothing, until nothing is pending.</summary>
    public void DrainFully()
    {
        for (int round = 0; round < 1000; round++)
        {
            for (int r = 0; r < 4; r++) Deliver(r);
            var pending = new List<int>();
            if (engine.CollectPeersWithPending(pending) == 0) return;
            DrainRound(refuseOneIn: 0);
            engine.MergeGroups(_ => false);
        }
        Assert.Fail("the output never drained");
    }

    public static void ApplyTo(Dictionary<Prefix, PathAttributes> table, UpdateMessage u)
    {
        foreach (var n in u.Withdrawn) table.Remove(n.Prefix);
        foreach (var n in u.Nlri) table[n.Prefix] = u.Attributes;
    }

    private void Take(int r, byte[] chunk)
    {
        var table = _tables[r];
        foreach (var u in ExportKit.DecodeAll(chunk, CodecOptions.FourOctet))
        {
            foreach (var n in u.Withdrawn)
            {
                if (!table.ContainsKey(n.Prefix)) _extraWithdrawals[r]++;
                _givenSinceRefresh[r].Add(n.Prefix);
            }
            foreach (var n in u.Nlri)
            {
                _givenSinceRefresh[r].Add(n.Prefix);
                if (!table.TryGetValue(n.Prefix, out var had) || !had.Equals(u.Attributes)) continue;
                _repeated[r][n.Prefix] = _repeated[r].GetValueOrDefault(n.Prefix) + 1;
            }
            ApplyTo(table, u);
        }
    }
}
