namespace Bgp.Daemon.Config;

/// <summary>
/// One term of a filter: <c>{ name, match, actions, result }</c>. Terms run in order; the first whose
/// result is accept or reject ends the filter; falling off the end rejects (as in BIRD).
/// </summary>
public sealed record FilterTermConfig
{
    public string? Name { get; init; }
    public FilterMatchConfig Match { get; init; } = FilterMatchConfig.Any;
    public FilterActionsConfig Actions { get; init; } = FilterActionsConfig.None;
    public FilterResult Result { get; init; } = FilterResult.Next;
}
