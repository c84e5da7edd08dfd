namespace Bgp.Rib.Engine;

/// <summary>
/// Route selection is no longer deferred (RFC 4724 4.1): every awaited peer sent End-of-RIB
/// (<paramref name="TimerExpired"/> false) or the selection deferral timer ran out with
/// <paramref name="StillWaiting"/> peers not done. The initial tables, each followed by End-of-RIB, are pending
/// for every Established peer. <see cref="RibOutcome.PeerId"/> is <see cref="RibEngine.LocalPeerId"/>.
/// </summary>
public sealed record DeferralEnded(bool TimerExpired, int StillWaiting) : RibOutcome(RibEngine.LocalPeerId);
