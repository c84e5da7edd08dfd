using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;

namespace Bgp.Rib.Tests.Simulation;

/// <summary>
/// One direction of an in-memory link: the sending router's session towards the receiver and the UPDATEs
/// in flight on it. A FIFO, as TCP keeps one direction in order; the two directions and different links
/// interleave freely (the simulator picks the order).
/// </summary>
internal sealed class SimSession(SimSpeaker sender, int senderPeerId, SimSpeaker receiver, int receiverPeerId, CodecOptions options)
{
    public SimSpeaker Sender { get; } = sender;
    /// <summary>The id the sender's engine knows the receiver by.</summary>
    public int SenderPeerId { get; } = senderPeerId;
    public SimSpeaker Receiver { get; } = receiver;
    /// <summary>The id the receiver's engine knows the sender by.</summary>
    public int ReceiverPeerId { get; } = receiverPeerId;
    /// <summary>The negotiated options, the same at both ends (ADD-PATH is off in these topologies).</summary>
    public CodecOptions Options { get; } = options;
    public Queue<UpdateMessage> InFlight { get; } = new();
    public bool Up { get; set; }

    public bool SenderHasPending => Up && Sender.Engine.HasPending(SenderPeerId);

    public override string ToString() => $"{Sender} -> {Receiver}";
}
