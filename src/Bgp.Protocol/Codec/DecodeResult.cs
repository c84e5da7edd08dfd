using System.Diagnostics.CodeAnalysis;
using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Codec;

/// <summary>Either a decoded message or the error a speaker must act on; never both, never neither.</summary>
public readonly struct DecodeResult
{
    private DecodeResult(BgpMessage? message, BgpError? error)
    {
        Message = message;
        Error = error;
    }

    public BgpMessage? Message { get; }
    public BgpError? Error { get; }

    [MemberNotNullWhen(true, nameof(Message))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Message is not null;

    public static DecodeResult Ok(BgpMessage message) => new(message, null);
    public static DecodeResult Fail(BgpError error) => new(null, error);

    public static implicit operator DecodeResult(BgpError error) => Fail(error);
}
