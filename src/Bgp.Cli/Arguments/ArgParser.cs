namespace Bgp.Cli.Arguments;

/// <summary>
/// Parses a command's words against its option list: "--opt VALUE" or "--opt=VALUE", flags, positionals
/// anywhere, "--" ending the options. Anything it does not know is a <see cref="UsageException"/> naming it:
/// a typo must never be taken for a prefix or silently ignored.
/// </summary>
internal static class ArgParser
{
    public static ParsedArgs Parse(IReadOnlyList<string> words, IReadOnlyList<OptionSpec> options, int minPositionals, int maxPositionals)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var positionals = new List<string>();
        bool optionsEnded = false;
        for (int i = 0; i < words.Count; i++)
        {
            string word = words[i];
            if (optionsEnded || word.Length < 2 || word[0] != '-')
            {
                positionals.Add(word);
                continue;
            }
            if (word == "--")
            {
                optionsEnded = true;
                continue;
            }
            int eq = word.IndexOf('=', StringComparison.Ordinal);
            string name = eq < 0 ? word : word[..eq];
            var spec = Find(options, name) ?? throw new UsageException($"unknown option '{name}'");
            if (spec.ValueName is null)
            {
                if (eq >= 0) throw new UsageException($"option '{name}' takes no value");
                values[spec.Name] = null;
                continue;
            }
            string value;
            if (eq >= 0) value = word[(eq + 1)..];
            else if (i + 1 < words.Count) value = words[++i];
            else throw new UsageException($"option '{name}' needs a value ({spec.ValueName})");
            if (values.ContainsKey(spec.Name)) throw new UsageException($"option '{name}' given twice");
            values[spec.Name] = value;
        }
        if (positionals.Count < minPositionals)
            throw new UsageException(minPositionals == 1 ? "missing argument" : $"expected {minPositionals} arguments, got {positionals.Count}");
        if (positionals.Count > maxPositionals)
            throw new UsageException($"unexpected argument '{positionals[maxPositionals]}'");
        return new ParsedArgs(values, positionals);
    }

    private static OptionSpec? Find(IReadOnlyList<OptionSpec> options, string name)
    {
        foreach (var o in options)
            if (o.Name == name) return o;
        return null;
    }
}
