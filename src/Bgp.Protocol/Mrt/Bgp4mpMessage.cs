using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Mrt;

/// <summary>
/// BGP4MP_MESSAGE and its AS4 / LOCAL / ADDPATH variants (RFC 6396 4.4.2-4.4.6, RFC 8050 3): one whole
/// BGP message, header included, received from the peer (or sent by the local speaker for LOCAL).
/// <see cref="Error"/> is set when the message does not decode; <see cref="Message"/> is then null, or
/// for an UPDATE whose NLRI field breaks off at its end, the UPDATE with the prefixes before the break.
/// </summary>
public sealed class Bgp4mpMessage : MrtRecord
{
    public required Bgp4mpPeer Peer { get; init; }
    /// <summary>True for the _LOCAL subtypes: the local speaker sent the message.</summary>
    public bool IsLocal { get; init; }
    /// <summary>The options the message was decoded with (AS number width and ADD-PATH families).</summary>
    public required CodecOptions Options { get; init; }
    public BgpMessage? Message { get; init; }
    public BgpError? Error { get; init; }
}
