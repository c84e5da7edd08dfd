using System.Collections.Immutable;
using Bgp.Protocol.Attributes;

namespace Bgp.Protocol.Messages;

/// <summary>
/// UPDATE (RFC 4271 4.3): IPv4 withdrawn routes, path attributes, IPv4 NLRI, and the multiprotocol
/// reach/unreach attributes of RFC 4760 kept apart from the shared attribute set.
/// <see cref="Errors"/> lists what RFC 7606 lets the session survive (treat-as-withdraw, attribute
/// discard); a message whose error needs a session reset is never built.
/// </summary>
public sealed class UpdateMessage : BgpMessage
{
    public override MessageType Type => MessageType.Update;

    public ImmutableArray<Nlri> Withdrawn { get; init; } = [];
    public PathAttributes Attributes { get; init; } = PathAttributes.Empty;
    public ImmutableArray<Nlri> Nlri { get; init; } = [];
    public MpReachNlri? MpReach { get; init; }
    public MpUnreachNlri? MpUnreach { get; init; }
    public ImmutableArray<BgpError> Errors { get; init; } = [];

    /// <summary>True when RFC 7606 says every route in this message must be taken as withdrawn.</summary>
    public bool TreatAsWithdraw
    {
        get
        {
            foreach (var e in Errors)
                if (e.Action == ErrorAction.TreatAsWithdraw) return true;
            return false;
        }
    }

    /// <summary>True when the message announces any route (NLRI field or MP_REACH_NLRI).</summary>
    public bool HasReachability => Nlri.Length > 0 || (MpReach is { } r && (r.Nlri.Length > 0 || r.RawNlri.Length > 0));

    /// <summary>
    /// The family this message is the End-of-RIB marker of (RFC 4724 2): an empty UPDATE for IPv4
    /// unicast, or an UPDATE holding only an empty MP_UNREACH_NLRI for any other family.
    /// </summary>
    public AfiSafi? EndOfRib
    {
        get
        {
            if (Withdrawn.Length != 0 || Nlri.Length != 0 || MpReach is not null) return null;
            if (MpUnreach is null)
                return Attributes.Equals(PathAttributes.Empty) ? AfiSafi.Ipv4Unicast : null;
            return MpUnreach.IsEmpty && Attributes.Equals(PathAttributes.Empty) ? MpUnreach.Family : null;
        }
    }

    public static UpdateMessage EndOfRibFor(AfiSafi family) =>
        family == AfiSafi.Ipv4Unicast ? new UpdateMessage() : new UpdateMessage { MpUnreach = new MpUnreachNlri { Family = family } };

    public override bool Equals(object? obj) =>
        obj is UpdateMessage u
        && Withdrawn.AsSpan().SequenceEqual(u.Withdrawn.AsSpan())
        && Attributes.Equals(u.Attributes)
        && Nlri.AsSpan().SequenceEqual(u.Nlri.AsSpan())
        && Equals(MpReach, u.MpReach)
        && Equals(MpUnreach, u.MpUnreach);

    public override int GetHashCode() => HashCode.Combine(Withdrawn.Length, Attributes, Nlri.Length);
}
