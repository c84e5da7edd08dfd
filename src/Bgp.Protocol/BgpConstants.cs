namespace Bgp.Protocol;

/// <summary>Fixed numbers of the BGP-4 wire format (RFC 4271 section 4, RFC 8654).</summary>
public static class BgpConstants
{
    public const int MarkerLength = 16;
    public const int HeaderLength = 19;
    public const int MaxMessageLength = 4096;
    /// <summary>Largest message once the Extended Message capability (RFC 8654) is agreed by both sides.</summary>
    public const int MaxExtendedMessageLength = 65535;
    public const int MinOpenLength = 29;
    public const int MinUpdateLength = 23;
    public const int MinNotificationLength = 21;
    public const int KeepaliveLength = 19;
    public const int RouteRefreshLength = 23;
    public const byte Version = 4;
    /// <summary>AS_TRANS (RFC 6793): the 2-octet stand-in for a 4-octet AS number.</summary>
    public const ushort AsTrans = 23456;
    public const int BgpPort = 179;
}
