using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests.Export;

public class ExportedRouteTests
{
    private static readonly CodecOptions[] Shapes =
    [
        CodecOptions.Default,
        new() { AddPathSend = [AfiSafi.Ipv4Unicast] },
        CodecOptions.FourOctet,
        new() { FourOctetAs = true, AddPathSend = [AfiSafi.Ipv4Unicast] },
    ];

    /// <summary>
    /// The fixed part of an UPDATE is remembered per options shape (four of them, packed into one word): each
    /// shape's value must be its own, whatever order they are asked in, or the writer would plan wrong sizes.
    /// </summary>
    [Fact]
    public void FixedLength_EveryOptionsShape_RemembersEachSeparately()
    {
        var interner = new ExportInterner();
        // 4-octet ASes make the AS_PATH 2 octets per AS longer with 4-octet encoding (or add AS4_PATH without).
        var attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65000, 4200000000, 3356), NextHop = SelfV4 };
        var expected = new int[Shapes.Length];
        for (int i = 0; i < Shapes.Length; i++)
            expected[i] = new ExportInterner().Intern(Afi.Ipv4, attributes, SelfV4).FixedLength(Shapes[i]);
        // ADD-PATH changes only the per-route size, so the shapes differ by AS encoding.
        Assert.NotEqual(expected[0], expected[2]);

        var route = interner.Intern(Afi.Ipv4, attributes, SelfV4);
        for (int i = Shapes.Length - 1; i >= 0; i--) Assert.Equal(expected[i], route.FixedLength(Shapes[i]));
        for (int i = 0; i < Shapes.Length; i++) Assert.Equal(expected[i], route.FixedLength(Shapes[i]));
    }
}
