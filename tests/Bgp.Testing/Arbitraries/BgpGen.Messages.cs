using Bgp.Protocol;
using System.Collections.Immutable;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using FsCheck;
using FsCheck.Fluent;

namespace Bgp.Testing.Arbitraries;

public static partial class BgpGen
{
    /// <summary>
    /// OPEN (RFC 4271 4.2) that a speaker would accept: version 4, AS and identifier non-zero, hold time 0
    /// or at least 3, My AS = AS_TRANS when the 4-octet AS capability carries a wide AS (RFC 6793 4.1),
    /// sometimes with the RFC 9072 extended parameter length.
    /// </summary>
    public static Gen<OpenMessage> Open =>
        from caps in ArrayOf(AnyCapability, 0, 10)
        from myAs in NarrowAsn
        from hold in Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Elements(3, 90, 180)), (2, Gen.Choose(3, 65535)))
        from id in UInt32.Where(x => x != 0)
        from extended in OneIn(5)
        select new OpenMessage
        {
            MyAs = FourOctetAsOf(caps) is { } wide && wide > ushort.MaxValue ? BgpConstants.AsTrans : (ushort)myAs,
            HoldTime = (ushort)hold,
            BgpIdentifier = id,
            Capabilities = [.. caps],
            ExtendedOptionalParameters = extended,
        };

    private static uint? FourOctetAsOf(Capability[] caps)
    {
        foreach (var c in caps)
            if (c is FourOctetAsCapability f) return f.Asn;
        return null;
    }

    /// <summary>
    /// An UPDATE valid on a session with <paramref name="options"/> that fits its maximum length: the
    /// mandatory attributes whenever something is announced, path ids only for ADD-PATH families.
    /// </summary>
    public static Gen<UpdateMessage> Update(CodecOptions options)
    {
        bool addPath4 = options.SendsPathId(Protocol.AfiSafi.Ipv4Unicast);
        int lists = options.ExtendedMessage ? 200 : 40;
        var gen =
            from withdrawn in Gen.Frequency((1, NlriList(false, addPath4, lists)), (1, Gen.Constant(ImmutableArray<Nlri>.Empty)))
            from nlri in Gen.Frequency((1, NlriList(false, addPath4, lists)), (1, Gen.Constant(ImmutableArray<Nlri>.Empty)))
            from reach in Gen.Frequency((1, Gen.Constant<MpReachNlri?>(null)), (1, MpReach(options, lists).Select(m => (MpReachNlri?)m)))
            from unreach in Gen.Frequency((2, Gen.Constant<MpUnreachNlri?>(null)), (1, MpUnreach(options, lists).Select(m => (MpUnreachNlri?)m)))
            let announces = nlri.Length > 0 || (reach is not null && (reach.Nlri.Length > 0 || reach.RawNlri.Length > 0))
            from attrs in announces
                ? Attributes(options, mandatory: true, nextHop: nlri.Length > 0)
                : Gen.Frequency((1, Gen.Constant(PathAttributes.Empty)), (1, Attributes(options, false, false)))
            select new UpdateMessage { Withdrawn = withdrawn, Nlri = nlri, MpReach = reach, MpUnreach = unreach, Attributes = attrs };
        return gen.Where(u => Fits(u, options));
    }

    /// <summary>True when the message encodes within the session's maximum length.</summary>
    public static bool Fits(BgpMessage message, CodecOptions options)
    {
        try
        {
            return BgpEncoder.ToArray(message, options).Length <= options.MaxMessageLength;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// NOTIFICATION (RFC 4271 4.5) of a known code with some data, or a Cease 2/4 carrying a shutdown
    /// communication (RFC 9003), sometimes longer than the 255 octets it is cut to.
    /// </summary>
    public static Gen<NotificationMessage> Notification => Gen.Frequency(
        (2, from code in Gen.Elements(Enum.GetValues<NotificationCode>())
            from sub in Gen.Choose(0, 12)
            from data in Gen.Frequency((4, Bytes(0, 64)), (1, Bytes(200, 1000)))
            select new NotificationMessage(code, (byte)sub, data)),
        (1, from sub in Gen.Elements(CeaseSubcode.AdministrativeShutdown, CeaseSubcode.AdministrativeReset)
            from text in ShutdownText
            select NotificationMessage.Cease(sub, text)));

    /// <summary>Text of one- to four-octet UTF-8 characters, up to about 400 octets.</summary>
    public static Gen<string> ShutdownText =>
        ArrayOf(Gen.Elements("a", "Z", " ", "0", "-", "é", "ß", "日本", "€", "\U0001F642"), 0, 100)
            .Select(parts => string.Concat(parts));

    /// <summary>
    /// ROUTE-REFRESH (RFC 2918, RFC 7313): a normal request, sometimes with ORF entries (RFC 5291 4:
    /// When-to-refresh, ORF type, length, entries), or a bare BoRR / EoRR.
    /// </summary>
    public static Gen<RouteRefreshMessage> RouteRefresh =>
        from family in Family
        from subtype in Gen.Elements(RouteRefreshSubtype.Normal, RouteRefreshSubtype.BeginningOfRouteRefresh, RouteRefreshSubtype.EndOfRouteRefresh)
        from orf in subtype == RouteRefreshSubtype.Normal
            ? Gen.Frequency((2, Gen.Constant(Array.Empty<byte>())), (1, Orf))
            : Gen.Constant(Array.Empty<byte>())
        select new RouteRefreshMessage { Family = family, Subtype = subtype, OrfData = [.. orf] };

    private static Gen<byte[]> Orf =>
        from when in Gen.Elements((byte)1, (byte)2)
        from entries in Bytes(0, 40)
        select (byte[])[when, 64, (byte)(entries.Length >> 8), (byte)entries.Length, .. entries];

    public static Gen<KeepaliveMessage> Keepalive => Gen.Constant(KeepaliveMessage.Instance);

    /// <summary>Any message kind, valid on a session with <paramref name="options"/>.</summary>
    public static Gen<BgpMessage> Message(CodecOptions options) => Gen.OneOf(
        Open.Select(m => (BgpMessage)m),
        Update(options).Select(m => (BgpMessage)m),
        Notification.Where(n => Fits(n, options)).Select(m => (BgpMessage)m),
        Keepalive.Select(m => (BgpMessage)m),
        RouteRefresh.Select(m => (BgpMessage)m));
}
