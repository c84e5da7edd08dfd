namespace Bgp.Daemon.Config;

/// <summary>
/// A YAML node with its position, built from the parser's events by <see cref="YamlTree"/>. We keep our
/// own tree instead of YamlDotNet's representation model because that one throws on a duplicate key,
/// and a strict loader must report the duplicate (with both places) and carry on.
/// </summary>
internal sealed class ConfigNode
{
    public required ConfigNodeKind Kind { get; init; }
    public required int Line { get; init; }
    public required int Column { get; init; }
    /// <summary>Scalar text (null for a null scalar: empty, "~" or "null" unquoted).</summary>
    public string? Value { get; init; }
    /// <summary>Whether a scalar was quoted (or a block scalar): then it is a string, never a number or bool.</summary>
    public bool Quoted { get; init; }
    public List<ConfigNode> Items { get; } = [];
    public List<KeyValuePair<ConfigNode, ConfigNode>> Entries { get; } = [];

    public bool IsNull => Kind == ConfigNodeKind.Scalar && Value is null;

    /// <summary>How a value of this node is named in "expected X, got Y" messages.</summary>
    public string Describe() => Kind switch
    {
        ConfigNodeKind.Sequence => "a list",
        ConfigNodeKind.Mapping => "a mapping",
        _ when Value is null => "nothing (null)",
        _ => Quoted ? $"the string \"{Value}\"" : $"'{Value}'",
    };
}
