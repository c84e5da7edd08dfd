using Bgp.Protocol;
using Bgp.Protocol.Codec;

namespace Bgp.Cli.Decode;

/// <summary>The reading chosen for one message: the decoder's result and the wire options it was read with.</summary>
internal readonly record struct DecodeAttempt(DecodeResult Result, CodecOptions Options)
{
    /// <summary>A message with no error of any kind, fatal or RFC 7606.</summary>
    public bool IsClean => Result.Success && (Result.Message is not Protocol.Messages.UpdateMessage u || u.Errors.IsEmpty);

    /// <summary>How bad this reading is: 0 clean, the count of RFC 7606 errors, or int.MaxValue when it failed.</summary>
    public int Badness => Result.Success
        ? (Result.Message is Protocol.Messages.UpdateMessage u ? u.Errors.Length : 0)
        : int.MaxValue;
}
