using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using FsCheck;
using FsCheck.Fluent;

namespace Bgp.Testing.Session;

/// <summary>FsCheck generators for the session FSM (valid values only; bad inputs are named steps).</summary>
public static class FsmArbitraries
{
    /// <summary>
    /// Steps weighted so that runs often get far: starts and TCP success, the peer's valid OPEN and
    /// KEEPALIVEs, and timer firings dominate; every other input appears too.
    /// </summary>
    public static Gen<FsmStep> Step()
    {
        var inputs = SessionFixtures.AllInputs;
        var any = Gen.Elements(inputs.Select(i => new FsmStep(i.Name, i.Input)).ToArray());
        var likely = Gen.Elements(
            new FsmStep("ManualStart", FsmInput.ManualStart),
            new FsmStep("TcpAcked", FsmInput.TcpCrAcked),
            new FsmStep("TcpConfirmed", FsmInput.TcpConnectionConfirmed),
            new FsmStep("BGPOpen", FsmInput.Received(SessionFixtures.PeerOpen())),
            new FsmStep("BGPOpen(hold 0)", FsmInput.Received(SessionFixtures.PeerOpen(holdTime: 0))),
            new FsmStep("BGPOpen(bad AS)", FsmInput.Received(SessionFixtures.PeerOpen(asn: 64999))),
            new FsmStep("KeepAliveMsg", FsmInput.Keepalive),
            new FsmStep("UpdateMsg", FsmInput.Received(SessionFixtures.SomeUpdate)));
        var fire = Gen.Constant(new FsmStep("fire next timer", null));
        return Gen.Frequency((3, any), (4, likely), (3, fire));
    }

    public static Arbitrary<FsmStep[]> Steps() =>
        Gen.Choose(1, 60).SelectMany(n => Gen.ArrayOf(Step(), n)).ToArbitrary();

    /// <summary>Session attributes a run may have: passive, DelayOpen, damping, automatic restart, hold times.</summary>
    public static Arbitrary<PeerConfig> Configs() =>
        (from passive in Gen.Elements(false, true)
         from delayOpen in Gen.Elements(false, true)
         from damp in Gen.Elements(false, true)
         from auto in Gen.Elements(false, true)
         from hold in Gen.Elements<ushort>(0, 3, 9, 90, 180)
         select SessionFixtures.Config() with
         {
             PassiveTcpEstablishment = passive,
             DelayOpen = delayOpen,
             DampPeerOscillations = damp,
             AllowAutomaticStart = auto,
             HoldTime = hold,
         }).ToArbitrary();

    public static Arbitrary<SpeakerPair> Speakers() =>
        (from idA in Gen.Choose(1, 20)
         from idB in Gen.Choose(1, 20)
         from asA in Gen.Choose(64512, 64520)
         from asB in Gen.Choose(64512, 64520)
         from seed in Gen.Choose(0, int.MaxValue - 1)
         where idA != idB || asA != asB
         select new SpeakerPair((uint)idA, (uint)asA, (uint)idB, (uint)asB, seed)).ToArbitrary();
}
