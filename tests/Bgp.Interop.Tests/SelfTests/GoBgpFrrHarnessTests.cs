using Bgp.Interop.Tests.Harness;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.SelfTests;

/// <summary>HARNESS SELF-TEST: GoBGP and FRR peer with each other.</summary>
public sealed class GoBgpFrrHarnessTests(ITestOutputHelper output) : DaemonPairHarnessTests(output)
{
    protected override PeerDaemon CreateA(string netns, SpeakerSpec spec) => new GoBgpDaemon(netns, spec);
    protected override PeerDaemon CreateB(string netns, SpeakerSpec spec) => new FrrDaemon(netns, spec);
}
