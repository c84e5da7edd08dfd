using System.Globalization;

namespace Bgp.Load;

/// <summary><c>--key value</c> pairs; <c>--session</c> may repeat. Unknown keys are errors.</summary>
public sealed class Args
{
    private readonly Dictionary<string, List<string>> _values = [];

    public Args(IEnumerable<string> args, params string[] known)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            string key = e.Current;
            if (!key.StartsWith("--", StringComparison.Ordinal) || Array.IndexOf(known, key[2..]) < 0)
                throw new ArgumentException($"unknown option '{key}' (known: --{string.Join(", --", known)})");
            if (!e.MoveNext()) throw new ArgumentException($"{key} needs a value");
            if (!_values.TryGetValue(key[2..], out var list)) _values[key[2..]] = list = [];
            list.Add(e.Current);
        }
    }

    public string? Get(string key) => _values.TryGetValue(key, out var l) ? l[^1] : null;
    public IReadOnlyList<string> All(string key) => _values.TryGetValue(key, out var l) ? l : [];
    public int Int(string key, int fallback) => Get(key) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    public uint UInt(string key, uint fallback) => Get(key) is { } v ? uint.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
