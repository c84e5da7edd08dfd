using Bgp.Interop.Tests.Harness;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Speaker;

/// <summary>Our speaker against BIRD 2.</summary>
public sealed class SpeakerBirdTests(ITestOutputHelper output) : SpeakerInteropTests(output)
{
    protected override PeerDaemon CreatePeer(string netns, SpeakerSpec spec) => new BirdDaemon(netns, spec);
}
