using System.Collections.Immutable;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Session;

/// <summary>
/// What the FSM needs to know about one peer: the RFC 4271 8.1 session attributes (mandatory and
/// optional) and the capabilities we advertise. Times are durations only; the FSM never reads a clock.
/// </summary>
public sealed record PeerConfig
{
    public required uint LocalAs { get; init; }
    public required uint LocalBgpId { get; init; }
    /// <summary>The AS the peer must announce; 0 accepts any (e.g. a dynamic neighbor).</summary>
    public required uint PeerAs { get; init; }

    /// <summary>Our Hold Time in seconds (RFC 4271 4.2: 0 or at least 3).</summary>
    public ushort HoldTime { get; init; } = 90;
    /// <summary>Keepalive interval in seconds; null means a third of the negotiated hold time, and it is never more than that.</summary>
    public ushort? KeepaliveTime { get; init; }
    /// <summary>The smallest non-zero hold time we accept from the peer (RFC 4271 6.2 "MAY reject" by hold time).</summary>
    public ushort MinHoldTime { get; init; } = 3;
    /// <summary>Whether a peer's hold time of 0 (no keepalives at all) is acceptable.</summary>
    public bool AllowZeroHoldTime { get; init; } = true;
    /// <summary>ConnectRetryTime (RFC 4271 10 suggests 120 s); each run is jittered to 0.75-1.0 of it.</summary>
    public TimeSpan ConnectRetryTime { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>The hold timer while waiting for the peer's OPEN (RFC 4271 8.2.2 suggests 4 minutes).</summary>
    public TimeSpan LargeHoldTime { get; init; } = TimeSpan.FromMinutes(4);
    /// <summary>RFC 9687 send hold time; null means max(8 min, 2 x negotiated hold time), zero disables it.</summary>
    public TimeSpan? SendHoldTime { get; init; }

    /// <summary>PassiveTcpEstablishment (RFC 4271 8.1.1): wait for the peer to connect.</summary>
    public bool PassiveTcpEstablishment { get; init; }
    /// <summary>DelayOpen (RFC 4271 8.1.1): wait DelayOpenTime for the peer's OPEN before sending ours.</summary>
    public bool DelayOpen { get; init; }
    public TimeSpan DelayOpenTime { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>SendNOTIFICATIONwithoutOPEN (RFC 4271 8.1.1).</summary>
    public bool SendNotificationWithoutOpen { get; init; }
    /// <summary>CollisionDetectEstablishedState (RFC 4271 8.1.1, 6.8).</summary>
    public bool CollisionDetectEstablishedState { get; init; }

    /// <summary>
    /// AllowAutomaticStart (RFC 4271 8.1.1): after a fall into Idle that no operator asked for, the FSM
    /// starts itself again once IdleHoldTime has passed. Without it the driver must send a start event.
    /// </summary>
    public bool AllowAutomaticStart { get; init; } = true;
    /// <summary>DampPeerOscillations (RFC 4271 8.1.1): hold a flapping peer in Idle, doubling each time.</summary>
    public bool DampPeerOscillations { get; init; }
    public TimeSpan IdleHoldTime { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxIdleHoldTime { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>How long the session must stay Established for the IdleHold back-off to reset.</summary>
    public TimeSpan DampingStablePeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Capabilities we advertise besides 4-octet AS and Role, which are added from the fields below.</summary>
    public ImmutableArray<Capability> Capabilities { get; init; } =
        [new MultiprotocolCapability(AfiSafi.Ipv4Unicast), new RouteRefreshCapability()];
    /// <summary>Advertise the RFC 6793 capability (required when <see cref="LocalAs"/> needs 4 octets).</summary>
    public bool AdvertiseFourOctetAs { get; init; } = true;
    /// <summary>Our RFC 9234 role; advertised when set.</summary>
    public BgpRole? LocalRole { get; init; }
    /// <summary>RFC 9234 4.2 strict mode: a peer without the Role capability is refused with 2/11.</summary>
    public bool StrictRole { get; init; }
    /// <summary>Families the peer must support (RFC 5492 5, 2/7); empty by default: unshared families are not an error.</summary>
    public ImmutableArray<AfiSafi> RequiredFamilies { get; init; } = [];

    /// <summary>True when the peer is in our AS (RFC 4271 "internal peer").</summary>
    public bool IsInternal => PeerAs == LocalAs;

    /// <summary>Rejects settings no peer could work with. Called by the FSM constructor: a bad config is a bug, not peer input.</summary>
    public void Validate()
    {
        if (HoldTime is 1 or 2) throw new ArgumentException($"hold time {HoldTime} s must be 0 or at least 3 (RFC 4271 4.2)");
        if (LocalAs == 0) throw new ArgumentException("local AS 0 is reserved (RFC 7607)");
        if (LocalBgpId == 0) throw new ArgumentException("BGP identifier 0.0.0.0 is not valid (RFC 6286)");
        if (LocalAs > ushort.MaxValue && !AdvertiseFourOctetAs)
            throw new ArgumentException($"AS {LocalAs} needs the 4-octet AS capability (RFC 6793)");
        if (ConnectRetryTime <= TimeSpan.Zero) throw new ArgumentException("ConnectRetryTime must be positive");
        if (DampPeerOscillations && (IdleHoldTime <= TimeSpan.Zero || MaxIdleHoldTime < IdleHoldTime))
            throw new ArgumentException("IdleHoldTime must be positive and at most MaxIdleHoldTime");
    }

    /// <summary>
    /// Our OPEN (RFC 4271 4.2): My Autonomous System is AS_TRANS when the AS needs 4 octets (RFC 6793 4.1),
    /// the real AS rides in the 4-octet AS capability.
    /// </summary>
    public OpenMessage BuildOpen()
    {
        var caps = ImmutableArray.CreateBuilder<Capability>(Capabilities.Length + 2);
        caps.AddRange(Capabilities);
        if (AdvertiseFourOctetAs && !HasCapability(CapabilityCode.FourOctetAs)) caps.Add(new FourOctetAsCapability(LocalAs));
        if (LocalRole is { } role && !HasCapability(CapabilityCode.Role)) caps.Add(new RoleCapability(role));
        return new OpenMessage
        {
            MyAs = LocalAs > ushort.MaxValue ? BgpConstants.AsTrans : (ushort)LocalAs,
            HoldTime = HoldTime,
            BgpIdentifier = LocalBgpId,
            Capabilities = caps.ToImmutable(),
        };
    }

    private bool HasCapability(CapabilityCode code)
    {
        foreach (var c in Capabilities)
            if (c.Code == (byte)code) return true;
        return false;
    }
}
