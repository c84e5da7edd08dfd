using System.Buffers;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Testing.Arbitraries;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bgp.Protocol.Tests.Codec;

/// <summary>Framing a TCP byte stream held in a multi-segment sequence (house rule 1).</summary>
public class BgpFramerTests
{
    private static byte[] Header(byte type, int length, byte markerByte = 0xFF)
    {
        byte[] h = new byte[BgpConstants.HeaderLength];
        h.AsSpan(0, 16).Fill(0xFF);
        h[5] = markerByte;
        h[16] = (byte)(length >> 8);
        h[17] = (byte)length;
        h[18] = type;
        return h;
    }

    /// <summary>
    /// Several messages back to back, cut into segments at random places and delivered one segment at a
    /// time: each comes out whole, in order, only once all its octets are there, and decodes to what was sent.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Messages_SplitAcrossSegmentsAndArrivals_FrameAndDecodeInOrder()
    {
        var gen =
            from o in BgpGen.Options
            from messages in BgpGen.ArrayOf(BgpGen.Message(o), 1, 6)
            let total = messages.Sum(m => BgpEncoder.ToArray(m, o).Length)
            from cuts in BgpGen.ArrayOf(Gen.Choose(1, Math.Max(1, total - 1)), 0, 12)
            select (o, messages, cuts: cuts.Where(c => c < total).Distinct().Order().ToArray());
        return Prop.ForAll(Arb.From(gen), c =>
        {
            byte[] stream = [.. c.messages.SelectMany(m => BgpEncoder.ToArray(m, c.o))];
            var whole = BufferSegment.Split(stream, c.cuts);
            var framed = new List<BgpMessage>();
            long consumed = 0;
            foreach (long arrived in c.cuts.Select(x => (long)x).Append(stream.Length))
            {
                var buffer = whole.Slice(consumed, arrived - consumed);
                while (true)
                {
                    var status = BgpFramer.TryRead(ref buffer, c.o.MaxMessageLength, out var message, out var error);
                    if (status == BgpFramer.Status.NeedMore) break;
                    Assert.Equal(BgpFramer.Status.Message, status);
                    Assert.Null(error);
                    consumed += message.Length;
                    var decoded = BgpDecoder.Decode(message, BgpGen.Mirror(c.o));
                    Assert.True(decoded.Success, decoded.Error?.ToString());
                    framed.Add(decoded.Message);
                }
                Assert.Equal(arrived - consumed, buffer.Length);
            }
            Assert.Equal(stream.Length, consumed);
            Assert.Equal(c.messages, framed);
        });
    }

    [Fact]
    public void TryRead_BadMarkerBeforeBody_GivesConnectionNotSynchronized()
    {
        var buffer = BufferSegment.Sequence([Header(2, 100, markerByte: 0xFE)[..10], Header(2, 100, markerByte: 0xFE)[10..]]);
        var status = BgpFramer.TryRead(ref buffer, BgpConstants.MaxMessageLength, out _, out var error);
        Assert.Equal(BgpFramer.Status.Error, status);
        Assert.Equal(NotificationCode.MessageHeaderError, error!.Code);
        Assert.Equal((byte)MessageHeaderErrorSubcode.ConnectionNotSynchronized, error.Subcode);
    }

    [Theory]
    [InlineData(2, 4097, false)]
    [InlineData(2, 18, false)]
    [InlineData(1, 4097, true)]
    [InlineData(4, 20, false)]
    public void TryRead_BadLengthBeforeBody_GivesBadMessageLength(byte type, int length, bool extended)
    {
        var buffer = new ReadOnlySequence<byte>(Header(type, length));
        int max = extended ? BgpConstants.MaxExtendedMessageLength : BgpConstants.MaxMessageLength;
        Assert.Equal(BgpFramer.Status.Error, BgpFramer.TryRead(ref buffer, max, out _, out var error));
        Assert.Equal(NotificationCode.MessageHeaderError, error!.Code);
        Assert.Equal((byte)MessageHeaderErrorSubcode.BadMessageLength, error.Subcode);
        Assert.Equal(new[] { (byte)(length >> 8), (byte)length }, error.Data);
    }

    [Fact]
    public void TryRead_UnknownTypeBeforeBody_GivesBadMessageType()
    {
        var buffer = new ReadOnlySequence<byte>(Header(9, 40));
        Assert.Equal(BgpFramer.Status.Error, BgpFramer.TryRead(ref buffer, BgpConstants.MaxMessageLength, out _, out var error));
        Assert.Equal((byte)MessageHeaderErrorSubcode.BadMessageType, error!.Subcode);
        Assert.Equal(new byte[] { 9 }, error.Data);
    }

    [Fact]
    public void TryRead_PartialHeaderOrBody_NeedsMoreAndLeavesBuffer()
    {
        byte[] keepalive = BgpEncoder.ToArray(KeepaliveMessage.Instance, CodecOptions.Default);
        byte[] update = BgpEncoder.ToArray(new UpdateMessage(), CodecOptions.Default);
        var shortHeader = BufferSegment.Sequence([keepalive[..5], keepalive[5..18]]);
        Assert.Equal(BgpFramer.Status.NeedMore, BgpFramer.TryRead(ref shortHeader, 4096, out _, out _));
        Assert.Equal(18, shortHeader.Length);

        var header = Header(2, 100);
        var noBody = BufferSegment.Sequence([header, new byte[40]]);
        Assert.Equal(BgpFramer.Status.NeedMore, BgpFramer.TryRead(ref noBody, 4096, out _, out var error));
        Assert.Null(error);
        Assert.Equal(59, noBody.Length);

        var two = BufferSegment.Sequence([update[..3], [.. update[3..], .. keepalive[..2]], keepalive[2..]]);
        Assert.Equal(BgpFramer.Status.Message, BgpFramer.TryRead(ref two, 4096, out var first, out _));
        Assert.Equal(update, first.ToArray());
        Assert.Equal(BgpFramer.Status.Message, BgpFramer.TryRead(ref two, 4096, out var second, out _));
        Assert.Equal(keepalive, second.ToArray());
        Assert.True(two.IsEmpty);
        Assert.Equal(BgpFramer.Status.NeedMore, BgpFramer.TryRead(ref two, 4096, out _, out _));
    }
}
