using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Bgp.Testing.Session;
using FsCheck;
using FsCheck.Xunit;

namespace Bgp.Protocol.Tests.Session;

/// <summary>
/// Connection collision (RFC 4271 6.8): two speakers connect to each other at once; each runs one FSM
/// per connection and applies <see cref="CollisionDetection.Decide"/> when an OPEN arrives. Messages
/// are delivered in a random order; exactly one connection must survive, on both ends.
/// </summary>
public class CollisionTests
{
    [Property(Arbitrary = [typeof(FsmArbitraries)], MaxTest = 300)]
    public void Collision_BothWaitForTheHigherIdsChoice_KeepExactlyOneConnection(SpeakerPair pair)
    {
        // Our driver on both ends: 6.8 as written, and the lower identifier waits for the peer's choice.
        var sim = new CollisionSim(pair, waitsA: true, waitsB: true);
        sim.Run(new Random(pair.Seed));

        int survivor = Assert.Single(sim.EstablishedConnections());
        Assert.True(sim.BothIdle(1 - survivor));
        Assert.False(sim.AnyHeld);
        Assert.Equal(0, sim.CeasesOnPeersEstablished(sim.LowerId));
    }

    [Property(Arbitrary = [typeof(FsmArbitraries)], MaxTest = 300)]
    public void Collision_LowerIdWaitsAgainstRfcPeer_KeepExactlyOneConnectionNeverDumpingPeersEstablished(SpeakerPair pair)
    {
        // The peer with the higher identifier follows RFC 4271 6.8 alone (an Established connection beats a new
        // one, as BIRD does); ours waits for its choice. Without the wait, one end can keep the connection it is
        // Established on while the other dumps it by the identifiers: both connections die.
        var sim = new CollisionSim(pair, waitsA: pair.LowerIsA, waitsB: !pair.LowerIsA);
        sim.Run(new Random(pair.Seed));

        int survivor = Assert.Single(sim.EstablishedConnections());
        Assert.True(sim.BothIdle(1 - survivor));
        Assert.False(sim.AnyHeld);
        Assert.Equal(0, sim.CeasesOnPeersEstablished(sim.LowerId));
    }

    [Theory]
    [InlineData(SessionState.OpenConfirm, ConnectionDirection.Incoming, 1u, 2u, true)]
    [InlineData(SessionState.Established, ConnectionDirection.Incoming, 1u, 2u, true)]
    [InlineData(SessionState.OpenSent, ConnectionDirection.Incoming, 1u, 2u, false)]
    [InlineData(SessionState.OpenConfirm, ConnectionDirection.Outgoing, 1u, 2u, false)]
    [InlineData(SessionState.OpenConfirm, ConnectionDirection.Incoming, 2u, 1u, false)]
    [InlineData(SessionState.Established, ConnectionDirection.Outgoing, 2u, 1u, false)]
    public void AwaitsPeerChoice_OnlyTheLowerIdWithItsKeepaliveSentOnTheOtherConnection(
        SessionState existing, ConnectionDirection newDirection, uint local, uint remote, bool expected) =>
        Assert.Equal(expected, CollisionDetection.AwaitsPeerChoice(existing, newDirection, local, 65001, remote, 65001));

    [Theory]
    [InlineData(1u, 2u, ConnectionDirection.Incoming)]
    [InlineData(2u, 1u, ConnectionDirection.Outgoing)]
    public void Survivor_DifferentIds_HigherIdsConnectionWins(uint local, uint remote, ConnectionDirection expected) =>
        Assert.Equal(expected, CollisionDetection.Survivor(local, 65001, remote, 65002));

    [Theory]
    [InlineData(65001u, 65002u, ConnectionDirection.Incoming)]
    [InlineData(65002u, 65001u, ConnectionDirection.Outgoing)]
    public void Survivor_EqualIds_LargerAsConnectionWins(uint localAs, uint remoteAs, ConnectionDirection expected) =>
        Assert.Equal(expected, CollisionDetection.Survivor(7, localAs, 7, remoteAs));

    [Theory]
    [InlineData(SessionState.Idle, false, CollisionOutcome.NoCollision)]
    [InlineData(SessionState.Connect, false, CollisionOutcome.NoCollision)]
    [InlineData(SessionState.Active, false, CollisionOutcome.NoCollision)]
    [InlineData(SessionState.OpenSent, false, CollisionOutcome.NoCollision)]
    [InlineData(SessionState.OpenConfirm, false, CollisionOutcome.CloseExisting)]
    [InlineData(SessionState.Established, false, CollisionOutcome.CloseNew)]
    [InlineData(SessionState.Established, true, CollisionOutcome.CloseExisting)]
    public void Decide_ExistingState_CollidesOnlyInOpenConfirmOrEstablished(SessionState existing, bool detectEstablished, CollisionOutcome expected) =>
        // We are 1, the peer 2: the peer's connection (our Incoming) wins when identifiers decide.
        Assert.Equal(expected, CollisionDetection.Decide(existing, ConnectionDirection.Incoming, 1, 65001, 2, 65002, detectEstablished));

    [Fact]
    public void OpenConfirm_OpenCollisionDump_SendsCease7AndRecordsCollision()
    {
        var d = new FsmDriver(SessionFixtures.Config());
        d.Feed(FsmInput.ManualStart, FsmInput.TcpCrAcked, SessionFixtures.Open(SessionFixtures.PeerOpen()));
        var actions = d.Feed(FsmInput.OpenCollisionDump);
        var n = Assert.Single(actions, a => a.Kind == FsmActionKind.SendNotification).Notification!;
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.ConnectionCollisionResolution), (n.Code, n.Subcode));
        Assert.Equal(DownReasonKind.CollisionResolution, d.Fsm.LastDownReason!.Kind);
    }

    /// <summary>
    /// Two speakers, two TCP connections (0: opened by A, 1: opened by B), FIFO per direction. Each end does the
    /// driver's part of RFC 4271 6.8 (PeerSession): <see cref="CollisionDetection.Decide"/> with an Established
    /// connection winning, and, on an end that waits, <see cref="CollisionDetection.AwaitsPeerChoice"/>: the new
    /// connection's messages are held until one of the two connections is gone.
    /// </summary>
    private sealed class CollisionSim
    {
        // fsm[speaker, connection]; speaker 0 = A, 1 = B.
        private readonly BgpFsm[,] _fsm = new BgpFsm[2, 2];
        // queue[connection, receiver]: messages in flight to that receiver; null marks the sender's close.
        private readonly Queue<BgpMessage?>[,] _queue = new Queue<BgpMessage?>[2, 2];
        private readonly bool[,] _closed = new bool[2, 2];
        private readonly bool[] _waits;
        // The connection each speaker holds for the peer's choice (-1: none), and what arrived on it meanwhile.
        private readonly int[] _held = [-1, -1];
        private readonly List<BgpMessage>[] _heldMessages = [[], []];
        // Collision Ceases each speaker sent that reached a peer Established on that connection.
        private readonly int[] _ceasesOnEstablished = new int[2];

        public CollisionSim(SpeakerPair pair, bool waitsA, bool waitsB)
        {
            _waits = [waitsA, waitsB];
            LowerId = pair.LowerIsA ? 0 : 1;
            for (int s = 0; s < 2; s++)
            {
                var config = new PeerConfig
                {
                    LocalAs = s == 0 ? pair.AsA : pair.AsB,
                    LocalBgpId = s == 0 ? pair.IdA : pair.IdB,
                    PeerAs = s == 0 ? pair.AsB : pair.AsA,
                    AllowAutomaticStart = false,
                };
                for (int c = 0; c < 2; c++)
                {
                    _fsm[s, c] = new BgpFsm(config, new Random(s * 2 + c));
                    _queue[c, s] = new Queue<BgpMessage?>();
                }
            }
        }

        /// <summary>The speaker (0 = A, 1 = B) whose connection the identifiers do not keep.</summary>
        public int LowerId { get; }

        public bool AnyHeld => _held[0] >= 0 || _held[1] >= 0;

        public int CeasesOnPeersEstablished(int speaker) => _ceasesOnEstablished[speaker];

        public void Run(Random random)
        {
            // Connection c is opened by speaker c: it starts actively, the other accepts passively.
            for (int c = 0; c < 2; c++)
            {
                Feed(c, c, FsmInput.ManualStart);
                Feed(1 - c, c, FsmInput.ManualStartPassive);
            }
            var order = new[] { (0, 0), (0, 1), (1, 0), (1, 1) };
            random.Shuffle(order);
            foreach (var (s, c) in order)
                Feed(s, c, s == c ? FsmInput.TcpCrAcked : FsmInput.TcpConnectionConfirmed);

            var ready = new List<(int C, int R)>(4);
            while (true)
            {
                ready.Clear();
                for (int c = 0; c < 2; c++)
                    for (int r = 0; r < 2; r++)
                        if (_queue[c, r].Count > 0) ready.Add((c, r));
                if (ready.Count == 0) break;
                var (conn, receiver) = ready[random.Next(ready.Count)];
                Deliver(conn, receiver, _queue[conn, receiver].Dequeue());
            }
        }

        private void Deliver(int c, int receiver, BgpMessage? message)
        {
            if (message is NotificationMessage { Code: NotificationCode.Cease, Subcode: (byte)CeaseSubcode.ConnectionCollisionResolution }
                && _fsm[receiver, c].State == SessionState.Established)
                _ceasesOnEstablished[1 - receiver]++;
            if (_held[receiver] == c)
            {
                if (message is not (null or NotificationMessage))
                {
                    _heldMessages[receiver].Add(message);
                    return;
                }
                EndHold(receiver);
            }
            if (message is null)
            {
                Feed(receiver, c, FsmInput.TcpConnectionFails);
                return;
            }
            if (message is OpenMessage open)
            {
                // RFC 4271 6.8, the driver's part: look at the other connection to the same peer.
                int other = 1 - c;
                var direction = c == receiver ? ConnectionDirection.Outgoing : ConnectionDirection.Incoming;
                var me = _fsm[receiver, c].Config;
                if (_waits[receiver] && CollisionDetection.AwaitsPeerChoice(_fsm[receiver, other].State, direction,
                        me.LocalBgpId, me.LocalAs, open.BgpIdentifier, open.Asn))
                {
                    _held[receiver] = c;
                    _heldMessages[receiver].Add(open);
                    return;
                }
                var outcome = CollisionDetection.Decide(_fsm[receiver, other].State, direction,
                    me.LocalBgpId, me.LocalAs, open.BgpIdentifier, open.Asn, me.CollisionDetectEstablishedState);
                if (outcome == CollisionOutcome.CloseExisting) Feed(receiver, other, FsmInput.OpenCollisionDump);
                if (outcome == CollisionOutcome.CloseNew)
                {
                    Feed(receiver, c, FsmInput.OpenCollisionDump);
                    return;
                }
            }
            Feed(receiver, c, FsmInput.Received(message));
        }

        private void Feed(int s, int c, FsmInput input)
        {
            foreach (var a in _fsm[s, c].Handle(input))
            {
                var peerQueue = _queue[c, 1 - s];
                switch (a.Kind)
                {
                    case FsmActionKind.SendOpen or FsmActionKind.SendNotification when !_closed[c, s]:
                        peerQueue.Enqueue(a.Message);
                        break;
                    case FsmActionKind.SendKeepalive when !_closed[c, s]:
                        peerQueue.Enqueue(KeepaliveMessage.Instance);
                        break;
                    case FsmActionKind.DropConnection when !_closed[c, s]:
                        _closed[c, s] = true;
                        peerQueue.Enqueue(null);
                        break;
                }
            }
            Settle(s);
        }

        /// <summary>PeerSession.SettleHold: the wait ends when either connection is gone.</summary>
        private void Settle(int s)
        {
            int held = _held[s];
            if (held < 0) return;
            if (_fsm[s, held].State == SessionState.Idle)
            {
                EndHold(s);
                return;
            }
            if (_fsm[s, 1 - held].State != SessionState.Idle) return;
            var messages = _heldMessages[s].ToArray();
            EndHold(s);
            foreach (var m in messages) Feed(s, held, FsmInput.Received(m));
        }

        private void EndHold(int s)
        {
            _held[s] = -1;
            _heldMessages[s].Clear();
        }

        public List<int> EstablishedConnections()
        {
            var list = new List<int>();
            for (int c = 0; c < 2; c++)
                if (_fsm[0, c].State == SessionState.Established && _fsm[1, c].State == SessionState.Established) list.Add(c);
            return list;
        }

        public bool BothIdle(int c) => _fsm[0, c].State == SessionState.Idle && _fsm[1, c].State == SessionState.Idle;
    }
}
