namespace Bgp.Daemon.Config;

/// <summary>A peer's <c>maxPrefixes: { limit, action }</c>, counted per session over all families.</summary>
public sealed record MaxPrefixesConfig
{
    public required uint Limit { get; init; }
    public MaxPrefixAction Action { get; init; } = MaxPrefixAction.Shutdown;
}
