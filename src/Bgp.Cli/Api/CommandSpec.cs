using Bgp.Cli.Arguments;

namespace Bgp.Cli.Api;

/// <summary>An API command: its name, the words after it, what it does, its own options and how it runs.</summary>
internal sealed record CommandSpec(
    string Name,
    string Arguments,
    string Summary,
    IReadOnlyList<OptionSpec> Options,
    int MinPositionals,
    int MaxPositionals,
    Func<ApiInvocation, Task<int>> Run,
    string Details = "");
