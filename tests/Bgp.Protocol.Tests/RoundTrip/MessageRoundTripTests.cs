using System.Text;
using Bgp.Protocol.Messages;
using Bgp.Testing.Arbitraries;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bgp.Protocol.Tests.RoundTrip;

/// <summary>OPEN, NOTIFICATION, KEEPALIVE and ROUTE-REFRESH survive encode then decode.</summary>
[Properties(Arbitrary = [typeof(BgpArbitraries)], MaxTest = 300)]
public class MessageRoundTripTests
{
    [Property]
    public void AnyMessage_EncodedThenDecoded_IsEqual(MessageCase c) =>
        Assert.Equal(c.Message, Wire.RoundTrip(c.Message, c.Options));

    [Property]
    public void Open_EncodedThenDecoded_IsEqual(OpenMessage open)
    {
        var decoded = Wire.RoundTrip(open, CodecOptions.Default);
        Assert.Equal(open, decoded);
        Assert.Equal(open.Asn, decoded.Asn);
        // RFC 9072: the extended form is used when asked (or when the parameters need it) and read back as such.
        if (open.ExtendedOptionalParameters) Assert.True(decoded.ExtendedOptionalParameters);
    }

    [Property]
    public void Notification_EncodedThenDecoded_IsEqual(NotificationMessage notification)
    {
        var decoded = Wire.RoundTrip(notification, CodecOptions.Default);
        Assert.Equal(notification, decoded);
        Assert.Equal(notification.ShutdownCommunication, decoded.ShutdownCommunication);
    }

    /// <summary>RFC 9003 2: the text comes back whole up to 255 octets, else cut on a character boundary.</summary>
    [Property]
    public Property CeaseShutdownCommunication_EncodedThenDecoded_IsTheTextOrItsPrefix()
    {
        var gen = from reset in BgpGen.Bool from text in BgpGen.ShutdownText select (reset, text);
        return Prop.ForAll(Arb.From(gen), c =>
        {
            var sub = c.reset ? CeaseSubcode.AdministrativeReset : CeaseSubcode.AdministrativeShutdown;
            var decoded = Wire.RoundTrip(NotificationMessage.Cease(sub, c.text), CodecOptions.Default);
            string? got = decoded.ShutdownCommunication;
            if (c.text.Length == 0) Assert.Null(got);
            else if (Encoding.UTF8.GetByteCount(c.text) <= 255) Assert.Equal(c.text, got);
            else
            {
                // Cut to 255 octets, less the tail of a character that would not fit (at most 3 octets).
                Assert.NotNull(got);
                Assert.StartsWith(got, c.text, StringComparison.Ordinal);
                Assert.InRange(Encoding.UTF8.GetByteCount(got), 252, 255);
            }
        });
    }

    [Property]
    public void RouteRefresh_EncodedThenDecoded_IsEqual(RouteRefreshMessage refresh) =>
        Assert.Equal(refresh, Wire.RoundTrip(refresh, CodecOptions.Default));

    [Property(MaxTest = 5)]
    public void Keepalive_EncodedThenDecoded_IsTheNineteenOctetHeader(KeepaliveMessage keepalive)
    {
        Assert.Equal(BgpConstants.KeepaliveLength, Protocol.Codec.BgpEncoder.ToArray(keepalive, CodecOptions.Default).Length);
        Assert.Same(KeepaliveMessage.Instance, Wire.RoundTrip(keepalive, CodecOptions.Default));
    }
}
