using System.Globalization;
using System.Net;
using Bgp.Protocol;

namespace Bgp.Load;

/// <summary>
/// One BGP session of the tool: <c>LOCAL,REMOTE,PEER_AS,FAMILIES,active|passive</c>, FAMILIES being
/// <c>ipv4</c>, <c>ipv6</c> or <c>ipv4+ipv6</c>. Active sessions connect from LOCAL to REMOTE:179;
/// passive ones wait for REMOTE to connect to LOCAL:179.
/// </summary>
public sealed record SessionSpec(IPAddress Local, IPAddress Remote, uint PeerAs, AfiSafi[] Families, bool Active)
{
    public static SessionSpec Parse(string text)
    {
        var p = text.Split(',');
        if (p.Length != 5) throw new ArgumentException($"session '{text}': want LOCAL,REMOTE,PEER_AS,FAMILIES,active|passive");
        var families = p[3].Split('+').Select(f => f switch
        {
            "ipv4" => AfiSafi.Ipv4Unicast,
            "ipv6" => AfiSafi.Ipv6Unicast,
            _ => throw new ArgumentException($"session '{text}': family '{f}'"),
        }).ToArray();
        bool active = p[4] switch
        {
            "active" => true,
            "passive" => false,
            _ => throw new ArgumentException($"session '{text}': mode '{p[4]}'"),
        };
        return new SessionSpec(IPAddress.Parse(p[0]), IPAddress.Parse(p[1]), uint.Parse(p[2], CultureInfo.InvariantCulture), families, active);
    }

    public bool Carries(AfiSafi family) => Array.IndexOf(Families, family) >= 0;

    public override string ToString() => $"{Local}->{Remote}";
}
