using Bgp.Interop.Tests.Harness;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.SelfTests;

/// <summary>HARNESS SELF-TEST: BIRD 2 and FRR peer with each other.</summary>
public sealed class BirdFrrHarnessTests(ITestOutputHelper output) : DaemonPairHarnessTests(output)
{
    protected override PeerDaemon CreateA(string netns, SpeakerSpec spec) => new BirdDaemon(netns, spec);
    protected override PeerDaemon CreateB(string netns, SpeakerSpec spec) => new FrrDaemon(netns, spec);
}
