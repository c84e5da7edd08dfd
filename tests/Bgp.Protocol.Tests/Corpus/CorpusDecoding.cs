using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Testing;

namespace Bgp.Protocol.Tests.Corpus;

/// <summary>Decodes corpus messages in order, the way a receiver on that session would.</summary>
internal static class CorpusDecoding
{
    /// <summary>
    /// Decodes one message with the session's options (trying the inferred candidates in turn when no
    /// OPEN was seen) and records an OPEN into the session.
    /// </summary>
    public static (DecodeResult Result, CodecOptions Options) Decode(CorpusMessage message, CorpusSession session)
    {
        var candidates = session.OptionsFor(message);
        DecodeResult first = default;
        for (int i = 0; i < candidates.Count; i++)
        {
            var result = BgpDecoder.Decode(message.Bytes, candidates[i]);
            if (i == 0) first = result;
            if (IsClean(result))
            {
                if (result.Message is OpenMessage open) session.Record(message, open);
                return (result, candidates[i]);
            }
        }
        return (first, candidates[0]);
    }

    /// <summary>Decoded with no error at all, not even one the session survives.</summary>
    public static bool IsClean(DecodeResult result) =>
        result.Success && (result.Message is not UpdateMessage u || u.Errors.IsEmpty);
}
