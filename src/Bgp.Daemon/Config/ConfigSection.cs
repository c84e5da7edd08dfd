using System.Net;

namespace Bgp.Daemon.Config;

/// <summary>A mapping whose keys were checked by <see cref="ConfigReader.Section"/>; typed getters by key.</summary>
internal sealed class ConfigSection(ConfigReader reader, ConfigNode node, string path, IReadOnlyDictionary<string, ConfigNode> values)
{
    public ConfigNode Node { get; } = node;
    public string Path { get; } = path;
    public ConfigReader Reader { get; } = reader;

    public string PathOf(string key) => ConfigReader.Join(Path, key);

    /// <summary>The value under <paramref name="key"/>, or null when absent or written as null.</summary>
    public ConfigNode? this[string key] => values.TryGetValue(key, out var v) && !v.IsNull ? v : null;

    public bool Has(string key) => this[key] is not null;

    /// <summary>Reports "is required" (at this mapping) when the key is missing.</summary>
    public ConfigNode? Required(string key)
    {
        var v = this[key];
        if (v is null) Reader.Error(Node, PathOf(key), "is required");
        return v;
    }

    public long? Integer(string key, long min, long max, string? why = null) =>
        this[key] is { } v ? Reader.Integer(v, PathOf(key), min, max, why) : null;

    public bool? Bool(string key) => this[key] is { } v ? Reader.Bool(v, PathOf(key)) : null;

    public string? String(string key) => this[key] is { } v ? Reader.String(v, PathOf(key)) : null;

    public IPAddress? Address(string key) => this[key] is { } v ? Reader.Address(v, PathOf(key)) : null;

    public int? Choice(string key, IReadOnlyList<string> names) =>
        this[key] is { } v ? Reader.Choice(v, PathOf(key), names) : null;

    public ConfigSection? Section(string key, IReadOnlyList<string> keys) =>
        this[key] is { } v ? Reader.Section(v, PathOf(key), keys) : null;
}
