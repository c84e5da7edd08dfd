namespace Bgp.Protocol;

/// <summary>
/// What a receiver does about an error (RFC 7606 section 2). Only <see cref="SessionReset"/> sends
/// a NOTIFICATION; the others keep the session up.
/// </summary>
public enum ErrorAction : byte
{
    /// <summary>Send the NOTIFICATION and close the session (RFC 4271 section 6).</summary>
    SessionReset = 0,
    /// <summary>Treat every route the UPDATE carries as withdrawn (RFC 7606 2, "treat-as-withdraw").</summary>
    TreatAsWithdraw = 1,
    /// <summary>Drop the one attribute and go on with the UPDATE (RFC 7606 2, "attribute discard").</summary>
    AttributeDiscard = 2,
    /// <summary>Ignore the message (RFC 7313 4: a ROUTE-REFRESH with an unknown subtype).</summary>
    Ignore = 3,
}
