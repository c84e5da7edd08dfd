using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using FsCheck;
using FsCheck.Fluent;

namespace Bgp.Testing.Arbitraries;

/// <summary>
/// The FsCheck arbitraries of the wire model, for <c>[Property(Arbitrary = new[] { typeof(BgpArbitraries) })]</c>.
/// Values without session options (a bare <see cref="PathAttributes"/>, <see cref="UpdateMessage"/>, ...)
/// are valid on a session that agreed 4-octet AS and nothing else (<see cref="CodecOptions.FourOctet"/>);
/// <see cref="UpdateCase"/> and <see cref="MessageCase"/> pair a value with the options it is valid for.
/// </summary>
public static class BgpArbitraries
{
    public static Arbitrary<Prefix> Prefix() => Arb.From(BgpGen.AnyPrefix);

    public static Arbitrary<Nlri> Nlri() =>
        Arb.From(from v6 in BgpGen.Bool from addPath in BgpGen.Bool from n in BgpGen.Route(v6, addPath) select n);

    public static Arbitrary<AfiSafi> AfiSafi() => Arb.From(BgpGen.Family);

    public static Arbitrary<CodecOptions> CodecOptions() => Arb.From(BgpGen.Options);

    public static Arbitrary<Capability> Capability() => Arb.From(BgpGen.AnyCapability);

    public static Arbitrary<OpenMessage> OpenMessage() => Arb.From(BgpGen.Open);

    public static Arbitrary<PathAttributes> PathAttributes() =>
        Arb.From(from mandatory in BgpGen.Bool from a in BgpGen.Attributes(Protocol.CodecOptions.FourOctet, mandatory, mandatory) select a);

    public static Arbitrary<MpReachNlri> MpReachNlri() => Arb.From(BgpGen.MpReach(Protocol.CodecOptions.FourOctet, 40));

    public static Arbitrary<MpUnreachNlri> MpUnreachNlri() => Arb.From(BgpGen.MpUnreach(Protocol.CodecOptions.FourOctet, 40));

    public static Arbitrary<UpdateMessage> UpdateMessage() => Arb.From(BgpGen.Update(Protocol.CodecOptions.FourOctet));

    public static Arbitrary<NotificationMessage> NotificationMessage() => Arb.From(BgpGen.Notification);

    public static Arbitrary<KeepaliveMessage> KeepaliveMessage() => Arb.From(BgpGen.Keepalive);

    public static Arbitrary<RouteRefreshMessage> RouteRefreshMessage() => Arb.From(BgpGen.RouteRefresh);

    public static Arbitrary<BgpMessage> BgpMessage() => Arb.From(BgpGen.Message(Protocol.CodecOptions.FourOctet));

    public static Arbitrary<UpdateCase> UpdateCase() =>
        Arb.From(from o in BgpGen.Options from u in BgpGen.Update(o) select new UpdateCase(o, u));

    public static Arbitrary<MessageCase> MessageCase() =>
        Arb.From(from o in BgpGen.Options from m in BgpGen.Message(o) select new MessageCase(o, m));

    public static Arbitrary<WideAsAttributes> WideAsAttributes() =>
        Arb.From(BgpGen.WideAsPathAttributes.Select(a => new WideAsAttributes(a)));
}
