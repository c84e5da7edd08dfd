using Bgp.Daemon.Hosting;
using Bgp.Daemon.Sessions;
using Bgp.Protocol.Capabilities;
using Grpc.Core;
using V1 = Bgp.Api.V1;

namespace Bgp.Daemon.Api;

/// <summary>Peers: list, get, add, update, delete, enable, disable, reset.</summary>
internal sealed partial class BgpApiService
{
    public override async Task<V1.ListPeersResponse> ListPeers(V1.ListPeersRequest request, ServerCallContext context)
    {
        var response = new V1.ListPeersResponse();
        foreach (var view in await daemon.SnapshotPeersAsync(context.CancellationToken).ConfigureAwait(false)) response.Peers.Add(PeerOf(view));
        return response;
    }

    public override async Task<V1.GetPeerResponse> GetPeer(V1.GetPeerRequest request, ServerCallContext context)
    {
        var address = ParseAddress(request.PeerAddress, "peer_address");
        return new V1.GetPeerResponse { Peer = await ViewAsync(address, context.CancellationToken).ConfigureAwait(false) };
    }

    public override async Task<V1.AddPeerResponse> AddPeer(V1.AddPeerRequest request, ServerCallContext context)
    {
        var peer = PeerConfigMapper.ToNeighbor(request.Config, daemon.Config);
        Check(await daemon.AddPeerAsync(peer, context.CancellationToken).ConfigureAwait(false));
        return new V1.AddPeerResponse { Peer = await ViewAsync(peer.Address, context.CancellationToken).ConfigureAwait(false) };
    }

    public override async Task<V1.UpdatePeerResponse> UpdatePeer(V1.UpdatePeerRequest request, ServerCallContext context)
    {
        var peer = PeerConfigMapper.ToNeighbor(request.Config, daemon.Config);
        var result = Check(await daemon.UpdatePeerAsync(peer, context.CancellationToken).ConfigureAwait(false));
        return new V1.UpdatePeerResponse
        {
            Peer = await ViewAsync(peer.Address, context.CancellationToken).ConfigureAwait(false),
            SessionReset = result.SessionReset,
            SoftReset = result.SoftReset,
        };
    }

    public override async Task<V1.DeletePeerResponse> DeletePeer(V1.DeletePeerRequest request, ServerCallContext context)
    {
        var address = ParseAddress(request.PeerAddress, "peer_address");
        Check(await daemon.DeletePeerAsync(address, context.CancellationToken).ConfigureAwait(false));
        return new V1.DeletePeerResponse();
    }

    public override async Task<V1.EnablePeerResponse> EnablePeer(V1.EnablePeerRequest request, ServerCallContext context)
    {
        var session = SessionOf(request.PeerAddress);
        if (session.Enabled) throw new RpcException(new Status(StatusCode.FailedPrecondition, $"peer {request.PeerAddress} is already enabled"));
        await session.EnableAsync(context.CancellationToken).ConfigureAwait(false);
        return new V1.EnablePeerResponse();
    }

    public override async Task<V1.DisablePeerResponse> DisablePeer(V1.DisablePeerRequest request, ServerCallContext context)
    {
        var session = SessionOf(request.PeerAddress);
        string? text = CheckCommunication(request.Communication);
        if (!session.Enabled) throw new RpcException(new Status(StatusCode.FailedPrecondition, $"peer {request.PeerAddress} is already disabled"));
        await session.DisableAsync(text, context.CancellationToken).ConfigureAwait(false);
        return new V1.DisablePeerResponse();
    }

    public override async Task<V1.ResetPeerResponse> ResetPeer(V1.ResetPeerRequest request, ServerCallContext context)
    {
        var address = ParseAddress(request.PeerAddress, "peer_address");
        string? text = CheckCommunication(request.Communication);
        var kind = request.Kind switch
        {
            V1.ResetKind.Unspecified or V1.ResetKind.Hard => PeerResetKind.Hard,
            V1.ResetKind.SoftIn => PeerResetKind.SoftIn,
            V1.ResetKind.SoftOut => PeerResetKind.SoftOut,
            _ => throw PeerConfigMapper.Invalid("kind", $"unknown reset kind {(int)request.Kind}"),
        };
        Check(await daemon.ResetPeerAsync(address, kind, text, context.CancellationToken).ConfigureAwait(false));
        return new V1.ResetPeerResponse();
    }

    /// <summary>RFC 9003 2: at most 255 octets of UTF-8.</summary>
    private static string? CheckCommunication(string text)
    {
        if (text.Length == 0) return null;
        if (System.Text.Encoding.UTF8.GetByteCount(text) > 255) throw PeerConfigMapper.Invalid("communication", "is longer than 255 octets of UTF-8 (RFC 9003 2)");
        return text;
    }

    private PeerSession SessionOf(string text)
    {
        var address = ParseAddress(text, "peer_address");
        return daemon.FindSession(address) ?? throw new RpcException(new Status(StatusCode.NotFound, $"peer_address: no peer {address} is configured"));
    }

    private static PeerOperationResult Check(PeerOperationResult result)
    {
        var code = result.Status switch
        {
            PeerOperationStatus.Done => StatusCode.OK,
            PeerOperationStatus.NotFound => StatusCode.NotFound,
            PeerOperationStatus.AlreadyExists => StatusCode.AlreadyExists,
            PeerOperationStatus.InvalidArgument => StatusCode.InvalidArgument,
            _ => StatusCode.FailedPrecondition,
        };
        if (code != StatusCode.OK) throw new RpcException(new Status(code, result.Message));
        return result;
    }

    private async Task<V1.Peer> ViewAsync(System.Net.IPAddress address, CancellationToken cancellationToken)
    {
        foreach (var view in await daemon.SnapshotPeersAsync(cancellationToken).ConfigureAwait(false))
            if (view.Session.Settings.Address.Equals(address)) return PeerOf(view);
        throw new RpcException(new Status(StatusCode.NotFound, $"peer_address: no peer {address} is configured"));
    }

    private static V1.Peer PeerOf(PeerView view)
    {
        var s = view.Session;
        var state = s.State;
        var now = TimeProvider.System.GetUtcNow();
        var c = s.Counters;
        var peer = new V1.Peer
        {
            Config = PeerConfigMapper.ToApi(view.Config),
            Address = s.Settings.Address.ToString(),
            Asn = s.Settings.PeerAs,
            State = ApiConvert.State(state),
            Enabled = s.Enabled,
            StateSince = ApiConvert.Time(s.StateSince),
            UptimeSeconds = state == Protocol.Session.SessionState.Established ? (ulong)Math.Max(0, (now - s.StateSince).TotalSeconds) : 0,
            IsInternal = view.Config.AsNumber == s.Config.LocalAs,
            Counters = new V1.PeerCounters
            {
                MessagesIn = (ulong)c.MessagesIn,
                MessagesOut = (ulong)c.MessagesOut,
                UpdatesIn = (ulong)c.UpdatesIn,
                UpdatesOut = (ulong)c.UpdatesOut,
                NotificationsIn = (ulong)c.NotificationsIn,
                NotificationsOut = (ulong)c.NotificationsOut,
                KeepalivesIn = (ulong)c.KeepalivesIn,
                KeepalivesOut = (ulong)c.KeepalivesOut,
                RouteRefreshesIn = (ulong)c.RouteRefreshesIn,
                RouteRefreshesOut = (ulong)c.RouteRefreshesOut,
                EstablishedTransitions = (ulong)s.EstablishedTransitions,
                PrefixesReceived = (ulong)view.PrefixesReceived,
                PrefixesAccepted = (ulong)view.PrefixesAccepted,
                PrefixesAdvertised = (ulong)view.PrefixesAdvertised,
            },
        };
        if (s.NegotiatedSession is { } n && state == Protocol.Session.SessionState.Established)
        {
            var negotiated = new V1.NegotiatedCapabilities
            {
                HoldTime = n.HoldTime,
                KeepaliveTime = n.KeepaliveTime,
                PeerRouterId = Protocol.RouterId.Format(n.PeerBgpId),
                FourOctetAs = n.FourOctetAs,
                RouteRefresh = n.RouteRefresh,
                EnhancedRouteRefresh = n.EnhancedRouteRefresh,
                ExtendedMessage = n.ExtendedMessage,
                GracefulRestart = n.PeerGracefulRestart is not null && n.LocalOpen.Find<GracefulRestartCapability>() is not null,
                LocalAddress = s.LocalEndPoint?.Address.ToString() ?? "",
                LocalPort = (uint)(s.LocalEndPoint?.Port ?? 0),
                RemotePort = (uint)(s.RemoteEndPoint?.Port ?? 0),
            };
            ApiConvert.AddFamilies(negotiated.Families, n.Families);
            foreach (var a in n.AddPath)
            {
                if ((a.Direction & AddPathDirection.Send) != 0) negotiated.AddPathSend.Add(ApiConvert.Family(a.Family));
                if ((a.Direction & AddPathDirection.Receive) != 0) negotiated.AddPathReceive.Add(ApiConvert.Family(a.Family));
            }
            foreach (var capability in n.PeerOpen.Capabilities) negotiated.PeerCapabilities.Add(ApiConvert.CapabilityName(capability));
            peer.Negotiated = negotiated;
        }
        if (s.LastDownInfo is { } down)
        {
            var r = down.Reason;
            peer.LastError = new V1.PeerError
            {
                Text = r.ToString(),
                Code = (uint)r.Code,
                Subcode = r.Subcode,
                Sent = r.Kind != Protocol.Session.DownReasonKind.NotificationReceived,
                ShutdownCommunication = r.Text ?? "",
                At = ApiConvert.Time(down.At),
            };
        }
        return peer;
    }
}
