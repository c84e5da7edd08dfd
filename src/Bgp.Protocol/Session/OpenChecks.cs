using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Session;

/// <summary>
/// The checks of a peer's OPEN that need the session's configuration (RFC 4271 6.2); the decoder has
/// already done the ones that need nothing but the message (version, AS 0, hold time 1-2, id 0).
/// They are repeated here where cheap, so an OPEN built in code is held to the same rules.
/// </summary>
public static class OpenChecks
{
    /// <summary>The error to send for this OPEN, or null when it is acceptable.</summary>
    public static BgpError? Check(PeerConfig config, OpenMessage peer)
    {
        if (peer.Version != BgpConstants.Version)
            return BgpError.Open(OpenMessageErrorSubcode.UnsupportedVersionNumber, [0, BgpConstants.Version],
                $"version {peer.Version} is not supported; we speak 4");

        // RFC 4271 6.2 / RFC 6793 4.2: the peer's AS is the 4-octet capability's value when present,
        // else My Autonomous System. Without the capability, AS_TRANS cannot be anyone's real AS.
        var four = peer.Find<FourOctetAsCapability>();
        uint peerAs = four?.Asn ?? peer.MyAs;
        if (peerAs == 0 || (config.PeerAs != 0 && peerAs != config.PeerAs) || (four is null && peer.MyAs == BgpConstants.AsTrans && config.PeerAs != BgpConstants.AsTrans))
        {
            // The data carries the AS as received (BIRD and others print it): 2 octets from the My
            // Autonomous System field, or the 4 octets of the capability.
            byte[] data = four is null
                ? [(byte)(peer.MyAs >> 8), (byte)peer.MyAs]
                : [(byte)(peerAs >> 24), (byte)(peerAs >> 16), (byte)(peerAs >> 8), (byte)peerAs];
            return BgpError.Open(OpenMessageErrorSubcode.BadPeerAs, data, $"peer announced AS {peerAs}, expected {config.PeerAs}");
        }

        // RFC 4271 4.2 and 6.2: 0 or at least 3 seconds; RFC 4271 6.2 lets an implementation refuse
        // hold times it finds unacceptable (here: below MinHoldTime, or 0 when not allowed).
        if (peer.HoldTime is 1 or 2 || (peer.HoldTime == 0 && !config.AllowZeroHoldTime)
            || (peer.HoldTime != 0 && peer.HoldTime < config.MinHoldTime))
            return BgpError.Open(OpenMessageErrorSubcode.UnacceptableHoldTime, [], $"hold time {peer.HoldTime} s is not acceptable");

        // RFC 6286 2.2: zero, or our own identifier on an internal session, is a Bad BGP Identifier.
        if (peer.BgpIdentifier == 0 || (peer.BgpIdentifier == config.LocalBgpId && peerAs == config.LocalAs))
            return BgpError.Open(OpenMessageErrorSubcode.BadBgpIdentifier, [], $"BGP identifier {RouterId.Format(peer.BgpIdentifier)} is not valid here");

        // RFC 9234 4.2: both roles present must form an allowed pair; in strict mode the peer must send one.
        // Roles describe eBGP relations only; an internal session ignores them.
        if (config.LocalRole is { } ours && peerAs != config.LocalAs)
        {
            var theirs = peer.Find<RoleCapability>();
            if (theirs is null ? config.StrictRole : !RolesMatch(ours, theirs.Role))
                return BgpError.Open(OpenMessageErrorSubcode.RoleMismatch, [],
                    theirs is null ? "peer sent no Role capability (strict mode)" : $"roles {ours} and {theirs.Role} do not match");
        }

        // RFC 5492 5: Unsupported Capability, listing what we needed and did not get.
        if (!config.RequiredFamilies.IsDefaultOrEmpty)
        {
            List<byte>? missing = null;
            foreach (var family in config.RequiredFamilies)
            {
                bool found = false;
                foreach (var f in peer.Families)
                    if (f == family) { found = true; break; }
                if (found) continue;
                missing ??= [];
                // Capability TLV: code 1, length 4, AFI (2), reserved (1), SAFI (1)  (RFC 4760 8)
                missing.AddRange([(byte)CapabilityCode.Multiprotocol, 4, (byte)((ushort)family.Afi >> 8), (byte)family.Afi, 0, (byte)family.Safi]);
            }
            if (missing is not null)
                return BgpError.Open(OpenMessageErrorSubcode.UnsupportedCapability, [.. missing], "peer lacks a required address family");
        }
        return null;
    }

    /// <summary>RFC 9234 4.2 table of allowed role pairs.</summary>
    public static bool RolesMatch(BgpRole local, BgpRole remote) => (local, remote) switch
    {
        (BgpRole.Provider, BgpRole.Customer) => true,
        (BgpRole.Customer, BgpRole.Provider) => true,
        (BgpRole.RouteServer, BgpRole.RouteServerClient) => true,
        (BgpRole.RouteServerClient, BgpRole.RouteServer) => true,
        (BgpRole.Peer, BgpRole.Peer) => true,
        _ => false,
    };
}
