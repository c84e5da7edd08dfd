using System.Buffers;
using Bgp.Protocol.Codec;
using Bgp.Testing.Arbitraries;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bgp.Protocol.Tests.RoundTrip;

/// <summary>
/// The decoder is total (house rule 2): any octets give a message or an error, never both, never
/// neither, and never an exception.
/// </summary>
[Properties(Arbitrary = [typeof(BgpArbitraries)], MaxTest = 500)]
public class DecoderTotalityTests
{
    private static void AssertMessageXorError(ReadOnlySpan<byte> bytes, CodecOptions options)
    {
        var result = BgpDecoder.Decode(bytes, options);
        Assert.True(result.Message is null != result.Error is null, "exactly one of message and error");
        // The sequence overload agrees with the span one.
        var again = BgpDecoder.Decode(new ReadOnlySequence<byte>(bytes.ToArray()), options);
        Assert.Equal(result.Success, again.Success);
    }

    [Property]
    public void RandomBytes_Decoded_GiveMessageXorError(byte[] bytes, CodecOptions options) =>
        AssertMessageXorError(bytes, options);

    [Property]
    public Property RandomBodyBehindValidHeader_Decoded_GivesMessageXorError() =>
        Prop.ForAll(Arb.From(from m in BgpMutators.GarbageBehindHeader from o in BgpGen.Options select (m, o)),
            c => AssertMessageXorError(c.m, c.o));

    /// <summary>Valid messages with a few octets damaged reach deep into the attribute and capability parsers.</summary>
    [Property]
    public Property MutatedValidMessage_Decoded_GivesMessageXorError() =>
        Prop.ForAll(
            Arb.From(from c in BgpArbitraries.MessageCase().Generator
                     from m in BgpMutators.Mutate(BgpEncoder.ToArray(c.Message, c.Options))
                     select (m, c.Options)),
            c => AssertMessageXorError(c.m, BgpGen.Mirror(c.Options)));
}
