namespace Bgp.Protocol;

/// <summary>NOTIFICATION error codes (RFC 4271 4.5, RFC 6608, RFC 4486, RFC 7313, RFC 9687).</summary>
public enum NotificationCode : byte
{
    MessageHeaderError = 1,
    OpenMessageError = 2,
    UpdateMessageError = 3,
    HoldTimerExpired = 4,
    FiniteStateMachineError = 5,
    Cease = 6,
    RouteRefreshMessageError = 7,
    SendHoldTimerExpired = 8,
}

/// <summary>Subcodes of Message Header Error (RFC 4271 6.1).</summary>
public enum MessageHeaderErrorSubcode : byte
{
    Unspecific = 0,
    ConnectionNotSynchronized = 1,
    BadMessageLength = 2,
    BadMessageType = 3,
}

/// <summary>Subcodes of OPEN Message Error (RFC 4271 6.2, RFC 5492, RFC 9234).</summary>
public enum OpenMessageErrorSubcode : byte
{
    Unspecific = 0,
    UnsupportedVersionNumber = 1,
    BadPeerAs = 2,
    BadBgpIdentifier = 3,
    UnsupportedOptionalParameter = 4,
    UnacceptableHoldTime = 6,
    UnsupportedCapability = 7,
    RoleMismatch = 11,
}

/// <summary>Subcodes of UPDATE Message Error (RFC 4271 6.3).</summary>
public enum UpdateMessageErrorSubcode : byte
{
    Unspecific = 0,
    MalformedAttributeList = 1,
    UnrecognizedWellKnownAttribute = 2,
    MissingWellKnownAttribute = 3,
    AttributeFlagsError = 4,
    AttributeLengthError = 5,
    InvalidOriginAttribute = 6,
    InvalidNextHopAttribute = 8,
    OptionalAttributeError = 9,
    InvalidNetworkField = 10,
    MalformedAsPath = 11,
}

/// <summary>Subcodes of Finite State Machine Error (RFC 6608).</summary>
public enum FsmErrorSubcode : byte
{
    Unspecified = 0,
    UnexpectedMessageInOpenSent = 1,
    UnexpectedMessageInOpenConfirm = 2,
    UnexpectedMessageInEstablished = 3,
}

/// <summary>Subcodes of Cease (RFC 4486, RFC 8538, RFC 9384).</summary>
public enum CeaseSubcode : byte
{
    Unspecific = 0,
    MaximumNumberOfPrefixesReached = 1,
    AdministrativeShutdown = 2,
    PeerDeconfigured = 3,
    AdministrativeReset = 4,
    ConnectionRejected = 5,
    OtherConfigurationChange = 6,
    ConnectionCollisionResolution = 7,
    OutOfResources = 8,
    HardReset = 9,
    BfdDown = 10,
}

/// <summary>Subcodes of ROUTE-REFRESH Message Error (RFC 7313).</summary>
public enum RouteRefreshErrorSubcode : byte
{
    Reserved = 0,
    InvalidMessageLength = 1,
}
