using Bgp.Interop.Tests.Harness;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Speaker;

/// <summary>Our speaker against GoBGP.</summary>
public sealed class SpeakerGoBgpTests(ITestOutputHelper output) : SpeakerInteropTests(output)
{
    protected override PeerDaemon CreatePeer(string netns, SpeakerSpec spec) => new GoBgpDaemon(netns, spec);
}
