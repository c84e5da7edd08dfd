namespace Bgp.Protocol.Mrt;

/// <summary>BGP4MP_STATE_CHANGE(_AS4) (RFC 6396 4.4.1): the FSM moved from OldState to NewState (1 Idle .. 6 Established).</summary>
public sealed class Bgp4mpStateChange : MrtRecord
{
    public required Bgp4mpPeer Peer { get; init; }
    public ushort OldState { get; init; }
    public ushort NewState { get; init; }
}
