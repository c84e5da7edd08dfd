using Bgp.Interop.Tests.Harness;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Speaker;

/// <summary>Our speaker against FRR.</summary>
public sealed class SpeakerFrrTests(ITestOutputHelper output) : SpeakerInteropTests(output)
{
    protected override PeerDaemon CreatePeer(string netns, SpeakerSpec spec) => new FrrDaemon(netns, spec);
}
