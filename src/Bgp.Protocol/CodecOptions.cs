using System.Collections.Immutable;

namespace Bgp.Protocol;

/// <summary>
/// What a session agreed that changes the wire format (RFC 6793 4-octet AS, RFC 8654 extended messages,
/// RFC 7911 ADD-PATH per family and direction). Outside a session the RFC 4271 defaults apply:
/// 2-octet AS numbers, 4096-octet messages, no path identifiers.
/// </summary>
public sealed record CodecOptions
{
    public static readonly CodecOptions Default = new();
    /// <summary>What two modern speakers usually agree: 4-octet AS, nothing else.</summary>
    public static readonly CodecOptions FourOctet = new() { FourOctetAs = true };

    public bool FourOctetAs { get; init; }
    public bool ExtendedMessage { get; init; }
    /// <summary>Families whose received NLRI carry a path identifier (we said Receive, the peer said Send).</summary>
    public ImmutableArray<AfiSafi> AddPathReceive { get; init; } = [];
    /// <summary>Families whose sent NLRI carry a path identifier (we said Send, the peer said Receive).</summary>
    public ImmutableArray<AfiSafi> AddPathSend { get; init; } = [];

    public int MaxMessageLength => ExtendedMessage ? BgpConstants.MaxExtendedMessageLength : BgpConstants.MaxMessageLength;

    public bool ReceivesPathId(AfiSafi family) => AddPathReceive.Contains(family);
    public bool SendsPathId(AfiSafi family) => AddPathSend.Contains(family);
}
