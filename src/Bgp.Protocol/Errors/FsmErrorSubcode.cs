namespace Bgp.Protocol;

/// <summary>Subcodes of Finite State Machine Error (RFC 6608).</summary>
public enum FsmErrorSubcode : byte
{
    Unspecified = 0,
    UnexpectedMessageInOpenSent = 1,
    UnexpectedMessageInOpenConfirm = 2,
    UnexpectedMessageInEstablished = 3,
}
