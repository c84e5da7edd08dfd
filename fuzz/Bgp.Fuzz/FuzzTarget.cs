using System.Buffers;
using System.Collections.Immutable;
using Bgp.Protocol;
using Bgp.Protocol.Codec;

namespace Bgp.Fuzz;

/// <summary>
/// What one fuzz input is run through. A peer's bytes must never make the codec throw (house rule 2:
/// malformed input gives a <see cref="BgpError"/> value), so any exception escaping here is a crash for
/// the fuzzer, and so is a broken invariant, which this class turns into an exception.
/// </summary>
public static class FuzzTarget
{
    /// <summary>Where NOTIFICATIONs are encoded to prove they can be (one fuzz input at a time).</summary>
    private static readonly ArrayBufferWriter<byte> Scratch = new(BgpConstants.MaxExtendedMessageLength);
    private static readonly AfiSafi[] UnicastFamilies = [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast];

    /// <summary>
    /// The session shapes whose wire formats differ: RFC 4271 defaults (2-octet AS), RFC 6793 4-octet AS,
    /// RFC 8654 extended messages, RFC 7911 ADD-PATH in both directions on the unicast families.
    /// </summary>
    public static readonly ImmutableArray<CodecOptions> Variants =
    [
        CodecOptions.Default,
        CodecOptions.FourOctet,
        CodecOptions.FourOctet with { ExtendedMessage = true },
        CodecOptions.FourOctet with { AddPathReceive = [.. UnicastFamilies], AddPathSend = [.. UnicastFamilies] },
    ];

    public static void Run(ReadOnlySpan<byte> input)
    {
        byte[] copy = input.ToArray();
        foreach (var options in Variants)
        {
            Check(BgpDecoder.Decode(input, options), options);
            // The same bytes in two segments: the pipe's view when a message straddles buffers.
            if (copy.Length > 1) Check(BgpDecoder.Decode(ChunkSegment.Split(copy, (copy.Length + 1) / 2), options), options);
            Frame(ChunkSegment.Split(copy, 61), options);
        }
    }

    /// <summary>
    /// The input as a byte stream from a peer: cut messages off the front until the framer wants more or
    /// refuses the header, decoding each one as the session's read loop does.
    /// </summary>
    private static void Frame(ReadOnlySequence<byte> buffer, CodecOptions options)
    {
        while (true)
        {
            long before = buffer.Length;
            var status = BgpFramer.TryRead(ref buffer, options.MaxMessageLength, out var message, out var error);
            switch (status)
            {
                case BgpFramer.Status.Message:
                    if (message.Length < BgpConstants.HeaderLength || message.Length > options.MaxMessageLength)
                        throw new InvalidOperationException($"framer cut a {message.Length}-octet message");
                    if (buffer.Length != before - message.Length)
                        throw new InvalidOperationException("framer did not advance past the message it returned");
                    Check(BgpDecoder.Decode(message, options), options);
                    break;
                case BgpFramer.Status.NeedMore:
                    if (buffer.Length != before) throw new InvalidOperationException("framer consumed input while asking for more");
                    return;
                case BgpFramer.Status.Error:
                    if (error is null) throw new InvalidOperationException("framer reported an error without one");
                    return;
                default:
                    throw new InvalidOperationException($"framer returned {status}");
            }
        }
    }

    /// <summary>
    /// Exactly one of message and error (the struct promises it; a default instance would break it), and
    /// an error that resets the session must be sendable: its NOTIFICATION has to encode under the same
    /// options (RFC 4271 6: the speaker sends it, then closes), so its data cannot outgrow a message.
    /// </summary>
    private static void Check(DecodeResult result, CodecOptions options)
    {
        if (result.Message is null == result.Error is null)
            throw new InvalidOperationException("decode gave both a message and an error, or neither");
        if (result.Error is { Action: ErrorAction.SessionReset } error)
            BgpEncoder.Write(error.ToNotification(), Scratch, options);
        Scratch.ResetWrittenCount();
    }
}
