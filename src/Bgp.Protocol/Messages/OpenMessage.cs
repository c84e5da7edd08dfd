using System.Collections.Immutable;
using Bgp.Protocol.Capabilities;

namespace Bgp.Protocol.Messages;

/// <summary>
/// OPEN (RFC 4271 4.2) with its capabilities (RFC 5492). Optional parameters other than capabilities
/// are refused by the decoder (RFC 4271 6.2, Unsupported Optional Parameter), so only capabilities remain.
/// </summary>
public sealed class OpenMessage : BgpMessage
{
    public override MessageType Type => MessageType.Open;

    public byte Version { get; init; } = BgpConstants.Version;
    /// <summary>The 2-octet My Autonomous System field (AS_TRANS when the real AS needs 4 octets).</summary>
    public ushort MyAs { get; init; }
    public ushort HoldTime { get; init; }
    public uint BgpIdentifier { get; init; }
    public ImmutableArray<Capability> Capabilities { get; init; } = [];
    /// <summary>
    /// True when the optional parameters use the RFC 9072 extended length encoding. The encoder uses it
    /// when asked, or when the parameters do not fit in 255 octets.
    /// </summary>
    public bool ExtendedOptionalParameters { get; init; }

    /// <summary>The speaker's AS: the 4-octet capability's value when present, else My Autonomous System.</summary>
    public uint Asn => Find<FourOctetAsCapability>()?.Asn ?? MyAs;

    public T? Find<T>() where T : Capability
    {
        foreach (var c in Capabilities)
            if (c is T t) return t;
        return null;
    }

    public bool Has(CapabilityCode code)
    {
        foreach (var c in Capabilities)
            if (c.Code == (byte)code) return true;
        return false;
    }

    /// <summary>Families announced with the Multiprotocol capability (IPv4 unicast implied when none is, RFC 4760 8).</summary>
    public IEnumerable<AfiSafi> Families
    {
        get
        {
            bool any = false;
            foreach (var c in Capabilities)
            {
                if (c is MultiprotocolCapability mp) { any = true; yield return mp.Family; }
            }
            if (!any) yield return AfiSafi.Ipv4Unicast;
        }
    }

    public override bool Equals(object? obj) =>
        obj is OpenMessage o && Version == o.Version && MyAs == o.MyAs && HoldTime == o.HoldTime
        && BgpIdentifier == o.BgpIdentifier && Capabilities.SequenceEqual(o.Capabilities);

    public override int GetHashCode() => HashCode.Combine(MyAs, HoldTime, BgpIdentifier, Capabilities.Length);
}
