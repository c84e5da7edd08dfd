using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Bgp.Daemon.Config;

/// <summary>
/// Collects errors while the file is read, with the position of each key path seen so that checks
/// made later (across keys) can still point at a line. Typed reads report a wrong type and return
/// null; the caller then uses the default and carries on, so one run finds every problem.
/// </summary>
internal sealed class ConfigReader(string file)
{
    private readonly List<ConfigError> _errors = [];
    private readonly Dictionary<string, ConfigNode> _seen = new(StringComparer.Ordinal);

    public string File { get; } = file;
    public IReadOnlyList<ConfigError> Errors => _errors;

    public static string Join(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";
    public static string Index(string parent, int i) => $"{parent}[{i}]";

    public void Seen(string path, ConfigNode node) => _seen[path] = node;

    public void Error(ConfigNode? at, string path, string message) =>
        _errors.Add(new ConfigError(File, at?.Line, at?.Column, path, message));

    /// <summary>An error at a path read earlier (its position), or at its nearest parent seen.</summary>
    public void Error(string path, string message)
    {
        for (string p = path; ; p = Parent(p))
        {
            if (_seen.TryGetValue(p, out var node) || p.Length == 0)
            {
                Error(node, path, message);
                return;
            }
        }
    }

    private static string Parent(string path)
    {
        int cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? "" : path[..cut];
    }

    /// <summary>A mapping with only <paramref name="keys"/>; unknown and duplicate keys are reported.</summary>
    public ConfigSection? Section(ConfigNode node, string path, IReadOnlyList<string> keys)
    {
        Seen(path, node);
        if (node.Kind != ConfigNodeKind.Mapping)
        {
            if (!node.IsNull) Error(node, path, $"expected a mapping, got {node.Describe()}");
            return node.IsNull ? new ConfigSection(this, node, path, new Dictionary<string, ConfigNode>()) : null;
        }
        var values = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
        var keyNodes = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
        foreach (var (k, v) in node.Entries)
        {
            if (k.Kind != ConfigNodeKind.Scalar || k.Value is null)
            {
                Error(k, path, $"keys must be plain names, got {k.Describe()}");
                continue;
            }
            string name = k.Value;
            string childPath = Join(path, name);
            if (!Contains(keys, name))
            {
                string? near = KeySuggester.Suggest(name, keys);
                Error(k, childPath, near is not null
                    ? $"unknown key '{name}' (did you mean '{near}'?)"
                    : $"unknown key '{name}'; expected one of: {string.Join(", ", keys)}");
                continue;
            }
            if (keyNodes.TryGetValue(name, out var first))
            {
                Error(k, childPath, $"duplicate key '{name}' (first at line {first.Line})");
                continue;
            }
            keyNodes[name] = k;
            values[name] = v;
            Seen(childPath, v);
        }
        return new ConfigSection(this, node, path, values);
    }

    /// <summary>The items of a list (a null value is an empty list).</summary>
    public List<ConfigNode>? Sequence(ConfigNode node, string path)
    {
        if (node.IsNull) return [];
        if (node.Kind == ConfigNodeKind.Sequence) return node.Items;
        Error(node, path, $"expected a list, got {node.Describe()}");
        return null;
    }

    public string? String(ConfigNode node, string path)
    {
        if (node.Kind == ConfigNodeKind.Scalar && node.Value is not null) return node.Value;
        Error(node, path, $"expected a string, got {node.Describe()}");
        return null;
    }

    /// <summary>A plain integer in <paramref name="min"/>..<paramref name="max"/>; <paramref name="why"/> is appended to the range message.</summary>
    public long? Integer(ConfigNode node, string path, long min, long max, string? why = null)
    {
        if (node.Kind != ConfigNodeKind.Scalar || node.Quoted || node.Value is null
            || !long.TryParse(node.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
        {
            Error(node, path, $"expected an integer, got {node.Describe()}");
            return null;
        }
        if (v < min || v > max)
        {
            Error(node, path, $"must be between {min} and {max}{(why is null ? "" : $" ({why})")}, got {v}");
            return null;
        }
        return v;
    }

    /// <summary>YAML 1.2 core booleans only: "yes"/"on" are strings there, so they are refused here.</summary>
    public bool? Bool(ConfigNode node, string path)
    {
        if (node.Kind == ConfigNodeKind.Scalar && !node.Quoted && node.Value is not null)
        {
            if (node.Value is "true" or "True" or "TRUE") return true;
            if (node.Value is "false" or "False" or "FALSE") return false;
        }
        Error(node, path, $"expected true or false, got {node.Describe()}");
        return null;
    }

    public IPAddress? Address(ConfigNode node, string path)
    {
        string? text = String(node, path);
        if (text is null) return null;
        // Brackets: IPAddress.TryParse would take "[::1]:80" and silently drop the port.
        if (!text.StartsWith('[') && IPAddress.TryParse(text, out var a) && a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
            && !text.Contains('%', StringComparison.Ordinal) && (text.Contains(':', StringComparison.Ordinal) || IsDottedQuad(text)))
            return a;
        Error(node, path, $"'{text}' is not an IPv4 or IPv6 address");
        return null;
    }

    /// <summary>One of <paramref name="names"/> (exact spelling), as its index.</summary>
    public int? Choice(ConfigNode node, string path, IReadOnlyList<string> names)
    {
        string? text = String(node, path);
        if (text is null) return null;
        for (int i = 0; i < names.Count; i++)
            if (names[i] == text) return i;
        Error(node, path, $"expected one of {string.Join(", ", names)}, got '{text}'");
        return null;
    }

    /// <summary>
    /// Four decimal octets. IPAddress.TryParse also takes inet_aton's short forms ("10" is 0.0.0.10),
    /// which in a config file are far more likely a mistake than a wish.
    /// </summary>
    public static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3) return false;
            foreach (char c in part)
                if (c is < '0' or > '9') return false;
            if (int.Parse(part, CultureInfo.InvariantCulture) > 255) return false;
        }
        return true;
    }

    private static bool Contains(IReadOnlyList<string> keys, string name)
    {
        foreach (var k in keys)
            if (k == name) return true;
        return false;
    }
}
