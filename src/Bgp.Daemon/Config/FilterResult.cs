namespace Bgp.Daemon.Config;

/// <summary>What a filter term decides when it matches: nothing yet (go on), accept, or reject.</summary>
public enum FilterResult
{
    /// <summary>Apply the term's actions and continue with the next term.</summary>
    Next,
    Accept,
    Reject,
}
