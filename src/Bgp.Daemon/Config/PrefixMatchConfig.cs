using Bgp.Protocol;

namespace Bgp.Daemon.Config;

/// <summary>
/// One entry of a term's <c>match.prefixes</c>, written like an FRR prefix-list entry:
/// "10.244.0.0/16" (exactly that prefix), "10.244.0.0/16 le 26" (it and longer ones up to /26),
/// "10.0.0.0/8 ge 24 le 32". A route matches when it lies inside <see cref="Prefix"/> and its
/// length is within <see cref="MinLength"/>..<see cref="MaxLength"/>.
/// </summary>
public sealed record PrefixMatchConfig(Prefix Prefix, int MinLength, int MaxLength)
{
    public override string ToString() =>
        MinLength == Prefix.Length && MaxLength == Prefix.Length ? Prefix.ToString()
        : MinLength == Prefix.Length ? $"{Prefix} le {MaxLength}"
        : $"{Prefix} ge {MinLength} le {MaxLength}";
}
