namespace Bgp.Cli.Arguments;

/// <summary>One option of a command: a flag when <see cref="ValueName"/> is null, else it takes a value.</summary>
internal sealed record OptionSpec(string Name, string? ValueName, string Help)
{
    public string Synopsis => ValueName is null ? Name : $"{Name} {ValueName}";
}
