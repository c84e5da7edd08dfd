using System.Net;
using System.Net.Sockets;
using Bgp.Protocol;

namespace Bgp.Daemon.Config;

/// <summary>
/// A peer's endpoint as written in <c>peerIP</c> (and the API's <c>peer_ip</c>): "addr", "addr:port" or
/// "[v6addr]:port", a unicast address we can connect to. One parser for both, so a peer the API accepts is
/// one the file could hold.
/// </summary>
public static class PeerEndpointText
{
    /// <summary>The address and port, or false with why not (a sentence without the key's name).</summary>
    public static bool TryParse(string? text, out IPAddress address, out int port, out string error)
    {
        address = IPAddress.None;
        port = BgpConstants.BgpPort;
        error = "";
        if (string.IsNullOrEmpty(text))
        {
            error = "is required";
            return false;
        }
        IPAddress? parsed = null;
        // IPAddress.TryParse takes "[v6]:port" too and drops the port, so brackets go to IPEndPoint.
        if (!text.StartsWith('[') && IPAddress.TryParse(text, out var bare)
            && (text.Contains(':', StringComparison.Ordinal) || ConfigReader.IsDottedQuad(text)))
            parsed = bare;
        else if (IPEndPoint.TryParse(text, out var ep))
        {
            int colon = text.LastIndexOf(':');
            string host = colon > 0 ? text[..colon].Trim('[', ']') : "";
            if (host.Contains(':', StringComparison.Ordinal) || ConfigReader.IsDottedQuad(host))
            {
                parsed = ep.Address;
                port = ep.Port;
            }
        }
        if (parsed is null || text.Contains('%', StringComparison.Ordinal))
        {
            error = $"'{text}' is not an address or address:port (an IPv6 address with a port is written [addr]:port)";
            return false;
        }
        if (port == 0)
        {
            error = "port must be between 1 and 65535, got 0";
            return false;
        }
        if (parsed.Equals(IPAddress.Any) || parsed.Equals(IPAddress.IPv6Any) || parsed.Equals(IPAddress.Broadcast)
            || parsed.IsIPv6Multicast || (parsed.AddressFamily == AddressFamily.InterNetwork && parsed.GetAddressBytes()[0] is >= 224 and <= 239))
        {
            error = $"{parsed} is not a unicast address";
            return false;
        }
        address = parsed;
        return true;
    }
}
