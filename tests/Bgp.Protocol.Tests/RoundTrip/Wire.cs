using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Testing.Arbitraries;

namespace Bgp.Protocol.Tests.RoundTrip;

/// <summary>Encode on one end of a session, decode on the other (the options mirrored: one's ADD-PATH send is the other's receive).</summary>
internal static class Wire
{
    public static T RoundTrip<T>(T message, CodecOptions sender) where T : BgpMessage
    {
        byte[] bytes = BgpEncoder.ToArray(message, sender);
        Assert.True(bytes.Length <= (message is OpenMessage ? BgpConstants.MaxMessageLength : sender.MaxMessageLength));
        var result = BgpDecoder.Decode(bytes, BgpGen.Mirror(sender));
        Assert.True(result.Success, result.Error?.ToString());
        return Assert.IsAssignableFrom<T>(result.Message);
    }
}
