namespace Bgp.Protocol;

/// <summary>Human names of NOTIFICATION codes and subcodes, as logs and the API print them.</summary>
public static class NotificationNames
{
    public static string CodeName(NotificationCode code) => code switch
    {
        NotificationCode.MessageHeaderError => "Message Header Error",
        NotificationCode.OpenMessageError => "OPEN Message Error",
        NotificationCode.UpdateMessageError => "UPDATE Message Error",
        NotificationCode.HoldTimerExpired => "Hold Timer Expired",
        NotificationCode.FiniteStateMachineError => "Finite State Machine Error",
        NotificationCode.Cease => "Cease",
        NotificationCode.RouteRefreshMessageError => "ROUTE-REFRESH Message Error",
        NotificationCode.SendHoldTimerExpired => "Send Hold Timer Expired",
        _ => $"Unknown error code {(byte)code}",
    };

    public static string SubcodeName(NotificationCode code, byte subcode) => code switch
    {
        NotificationCode.MessageHeaderError => (MessageHeaderErrorSubcode)subcode switch
        {
            MessageHeaderErrorSubcode.Unspecific => "Unspecific",
            MessageHeaderErrorSubcode.ConnectionNotSynchronized => "Connection Not Synchronized",
            MessageHeaderErrorSubcode.BadMessageLength => "Bad Message Length",
            MessageHeaderErrorSubcode.BadMessageType => "Bad Message Type",
            _ => Unknown(subcode),
        },
        NotificationCode.OpenMessageError => (OpenMessageErrorSubcode)subcode switch
        {
            OpenMessageErrorSubcode.Unspecific => "Unspecific",
            OpenMessageErrorSubcode.UnsupportedVersionNumber => "Unsupported Version Number",
            OpenMessageErrorSubcode.BadPeerAs => "Bad Peer AS",
            OpenMessageErrorSubcode.BadBgpIdentifier => "Bad BGP Identifier",
            OpenMessageErrorSubcode.UnsupportedOptionalParameter => "Unsupported Optional Parameter",
            OpenMessageErrorSubcode.UnacceptableHoldTime => "Unacceptable Hold Time",
            OpenMessageErrorSubcode.UnsupportedCapability => "Unsupported Capability",
            OpenMessageErrorSubcode.RoleMismatch => "Role Mismatch",
            _ => Unknown(subcode),
        },
        NotificationCode.UpdateMessageError => (UpdateMessageErrorSubcode)subcode switch
        {
            UpdateMessageErrorSubcode.Unspecific => "Unspecific",
            UpdateMessageErrorSubcode.MalformedAttributeList => "Malformed Attribute List",
            UpdateMessageErrorSubcode.UnrecognizedWellKnownAttribute => "Unrecognized Well-known Attribute",
            UpdateMessageErrorSubcode.MissingWellKnownAttribute => "Missing Well-known Attribute",
            UpdateMessageErrorSubcode.AttributeFlagsError => "Attribute Flags Error",
            UpdateMessageErrorSubcode.AttributeLengthError => "Attribute Length Error",
            UpdateMessageErrorSubcode.InvalidOriginAttribute => "Invalid ORIGIN Attribute",
            UpdateMessageErrorSubcode.InvalidNextHopAttribute => "Invalid NEXT_HOP Attribute",
            UpdateMessageErrorSubcode.OptionalAttributeError => "Optional Attribute Error",
            UpdateMessageErrorSubcode.InvalidNetworkField => "Invalid Network Field",
            UpdateMessageErrorSubcode.MalformedAsPath => "Malformed AS_PATH",
            _ => Unknown(subcode),
        },
        NotificationCode.FiniteStateMachineError => (FsmErrorSubcode)subcode switch
        {
            FsmErrorSubcode.Unspecified => "Unspecified",
            FsmErrorSubcode.UnexpectedMessageInOpenSent => "Receive Unexpected Message in OpenSent State",
            FsmErrorSubcode.UnexpectedMessageInOpenConfirm => "Receive Unexpected Message in OpenConfirm State",
            FsmErrorSubcode.UnexpectedMessageInEstablished => "Receive Unexpected Message in Established State",
            _ => Unknown(subcode),
        },
        NotificationCode.Cease => (CeaseSubcode)subcode switch
        {
            CeaseSubcode.Unspecific => "Unspecific",
            CeaseSubcode.MaximumNumberOfPrefixesReached => "Maximum Number of Prefixes Reached",
            CeaseSubcode.AdministrativeShutdown => "Administrative Shutdown",
            CeaseSubcode.PeerDeconfigured => "Peer De-configured",
            CeaseSubcode.AdministrativeReset => "Administrative Reset",
            CeaseSubcode.ConnectionRejected => "Connection Rejected",
            CeaseSubcode.OtherConfigurationChange => "Other Configuration Change",
            CeaseSubcode.ConnectionCollisionResolution => "Connection Collision Resolution",
            CeaseSubcode.OutOfResources => "Out of Resources",
            CeaseSubcode.HardReset => "Hard Reset",
            CeaseSubcode.BfdDown => "BFD Down",
            _ => Unknown(subcode),
        },
        NotificationCode.RouteRefreshMessageError => subcode == 1 ? "Invalid Message Length" : Unknown(subcode),
        _ => subcode == 0 ? "Unspecific" : Unknown(subcode),
    };

    public static string Describe(NotificationCode code, byte subcode) => $"{CodeName(code)} / {SubcodeName(code, subcode)}";

    private static string Unknown(byte subcode) => $"subcode {subcode}";
}
