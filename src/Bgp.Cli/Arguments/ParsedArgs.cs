namespace Bgp.Cli.Arguments;

/// <summary>A command line after parsing: options by name (a flag maps to null) and the positionals in order.</summary>
internal sealed class ParsedArgs(Dictionary<string, string?> options, List<string> positionals)
{
    public IReadOnlyList<string> Positionals => positionals;

    public bool Has(string option) => options.ContainsKey(option);

    public string? Value(string option) => options.TryGetValue(option, out string? v) ? v : null;

    public string? Positional(int index) => index < positionals.Count ? positionals[index] : null;
}
