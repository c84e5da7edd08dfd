namespace Bgp.Protocol.Capabilities;

/// <summary>
/// One capability advertised in an OPEN (RFC 5492). Each known kind is a record of its own;
/// anything else is an <see cref="UnknownCapability"/> that keeps its bytes.
/// </summary>
public abstract record Capability
{
    public abstract byte Code { get; }
}

/// <summary>Multiprotocol Extensions (RFC 4760, code 1): one family the speaker can carry.</summary>
public sealed record MultiprotocolCapability(AfiSafi Family) : Capability
{
    public override byte Code => (byte)CapabilityCode.Multiprotocol;
}

/// <summary>Route Refresh (RFC 2918, code 2).</summary>
public sealed record RouteRefreshCapability : Capability
{
    public override byte Code => (byte)CapabilityCode.RouteRefresh;
}

/// <summary>Enhanced Route Refresh (RFC 7313, code 70).</summary>
public sealed record EnhancedRouteRefreshCapability : Capability
{
    public override byte Code => (byte)CapabilityCode.EnhancedRouteRefresh;
}

/// <summary>Extended Message (RFC 8654, code 6): messages up to 65535 octets.</summary>
public sealed record ExtendedMessageCapability : Capability
{
    public override byte Code => (byte)CapabilityCode.ExtendedMessage;
}

/// <summary>Support for 4-octet AS numbers (RFC 6793, code 65), carrying the speaker's real AS.</summary>
public sealed record FourOctetAsCapability(uint Asn) : Capability
{
    public override byte Code => (byte)CapabilityCode.FourOctetAs;
}

/// <summary>One (NLRI family, next-hop AFI) tuple of the Extended Next Hop capability.</summary>
public readonly record struct ExtendedNextHopEntry(AfiSafi Family, Afi NextHopAfi);

/// <summary>Extended Next Hop Encoding (RFC 8950, code 5): e.g. IPv4 NLRI over an IPv6 next hop.</summary>
public sealed record ExtendedNextHopCapability(IReadOnlyList<ExtendedNextHopEntry> Entries) : Capability
{
    public override byte Code => (byte)CapabilityCode.ExtendedNextHop;
    public bool Equals(ExtendedNextHopCapability? other) => other is not null && Entries.SequenceEqual(other.Entries);
    public override int GetHashCode() => Entries.Count;
}

/// <summary>BGP roles of RFC 9234.</summary>
public enum BgpRole : byte
{
    Provider = 0,
    RouteServer = 1,
    RouteServerClient = 2,
    Customer = 3,
    Peer = 4,
}

/// <summary>BGP Role (RFC 9234, code 9).</summary>
public sealed record RoleCapability(BgpRole Role) : Capability
{
    public override byte Code => (byte)CapabilityCode.Role;
}

/// <summary>Per-family entry of the Graceful Restart capability.</summary>
public readonly record struct GracefulRestartFamily(AfiSafi Family, bool ForwardingStatePreserved);

/// <summary>
/// Graceful Restart (RFC 4724, code 64): the Restart State (R) bit, the Notification (N) bit of
/// RFC 8538, the restart time in seconds (12 bits) and the families whose forwarding state is kept.
/// </summary>
public sealed record GracefulRestartCapability(
    bool RestartState, bool NotificationSupport, ushort RestartTime, IReadOnlyList<GracefulRestartFamily> Families) : Capability
{
    public override byte Code => (byte)CapabilityCode.GracefulRestart;
    public bool Equals(GracefulRestartCapability? other) =>
        other is not null && RestartState == other.RestartState && NotificationSupport == other.NotificationSupport
        && RestartTime == other.RestartTime && Families.SequenceEqual(other.Families);
    public override int GetHashCode() => HashCode.Combine(RestartState, RestartTime, Families.Count);
}

/// <summary>ADD-PATH directions (RFC 7911 section 4).</summary>
[Flags]
public enum AddPathDirection : byte
{
    None = 0,
    Receive = 1,
    Send = 2,
    Both = 3,
}

/// <summary>Per-family entry of the ADD-PATH capability.</summary>
public readonly record struct AddPathFamily(AfiSafi Family, AddPathDirection Direction);

/// <summary>ADD-PATH (RFC 7911, code 69).</summary>
public sealed record AddPathCapability(IReadOnlyList<AddPathFamily> Families) : Capability
{
    public override byte Code => (byte)CapabilityCode.AddPath;
    public bool Equals(AddPathCapability? other) => other is not null && Families.SequenceEqual(other.Families);
    public override int GetHashCode() => Families.Count;
}

/// <summary>Per-family entry of the Long-Lived Graceful Restart capability; the stale time is 24 bits.</summary>
public readonly record struct LongLivedGracefulRestartFamily(AfiSafi Family, bool ForwardingStatePreserved, uint StaleTime);

/// <summary>Long-Lived Graceful Restart (RFC 9494, code 71).</summary>
public sealed record LongLivedGracefulRestartCapability(IReadOnlyList<LongLivedGracefulRestartFamily> Families) : Capability
{
    public override byte Code => (byte)CapabilityCode.LongLivedGracefulRestart;
    public bool Equals(LongLivedGracefulRestartCapability? other) => other is not null && Families.SequenceEqual(other.Families);
    public override int GetHashCode() => Families.Count;
}

/// <summary>FQDN (draft-walton-bgp-hostname-capability, code 73): host and domain name.</summary>
public sealed record FqdnCapability(string HostName, string DomainName) : Capability
{
    public override byte Code => (byte)CapabilityCode.Fqdn;
}

/// <summary>A capability this speaker does not know, kept byte for byte.</summary>
public sealed record UnknownCapability(byte CapabilityCodeValue, byte[] Value) : Capability
{
    public override byte Code => CapabilityCodeValue;
    public bool Equals(UnknownCapability? other) =>
        other is not null && CapabilityCodeValue == other.CapabilityCodeValue && Value.AsSpan().SequenceEqual(other.Value);
    public override int GetHashCode() => HashCode.Combine(CapabilityCodeValue, Value.Length);
}
