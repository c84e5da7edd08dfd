namespace Bgp.Protocol.Attributes;

/// <summary>Well-known communities (RFC 1997, RFC 8326).</summary>
public static class WellKnownCommunity
{
    public const uint GracefulShutdown = 0xFFFF0000;
    public const uint NoExport = 0xFFFFFF01;
    public const uint NoAdvertise = 0xFFFFFF02;
    public const uint NoExportSubconfed = 0xFFFFFF03;

    /// <summary>A community as "high:low", the usual notation.</summary>
    public static string Format(uint community) => $"{community >> 16}:{community & 0xFFFF}";
}
