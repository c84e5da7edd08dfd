using Bgp.Protocol.Messages;

namespace Bgp.Rib.Engine;

/// <summary>An UPDATE from the peer, decoded with the session's options (RFC 7606 errors already attached).</summary>
public sealed record UpdateReceived(int PeerId, UpdateMessage Update) : RibCommand;
