using System.Collections.Immutable;
using Bgp.Protocol.Attributes;

namespace Bgp.Protocol.Codec;

/// <summary>
/// A path attribute block decoded on its own, outside an UPDATE (e.g. an MRT RIB entry): the shared
/// attributes, the multiprotocol attributes, and the RFC 7606 errors. <see cref="Error"/> is set when
/// the block is so broken that a session would be reset; the other members then hold what was read before it.
/// </summary>
public sealed class AttributeBlock
{
    public PathAttributes Attributes { get; init; } = PathAttributes.Empty;
    public MpReachNlri? MpReach { get; init; }
    public MpUnreachNlri? MpUnreach { get; init; }
    public ImmutableArray<BgpError> Errors { get; init; } = [];
    public BgpError? Error { get; init; }
}
