namespace Bgp.Daemon.Config;

/// <summary>"Did you mean": the known key nearest to a misspelt one, if it is near enough to be a typo.</summary>
internal static class KeySuggester
{
    public static string? Suggest(string unknown, IReadOnlyList<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var k in known)
        {
            int d = string.Equals(k, unknown, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(unknown.ToUpperInvariant(), k.ToUpperInvariant());
            bool near = d <= Math.Max(2, Math.Min(unknown.Length, k.Length) / 3)
                || (Math.Min(unknown.Length, k.Length) >= 4
                    && (k.StartsWith(unknown, StringComparison.OrdinalIgnoreCase) || unknown.StartsWith(k, StringComparison.OrdinalIgnoreCase)));
            if (near && d < bestDistance)
            {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /// <summary>Optimal-string-alignment distance: Levenshtein plus adjacent transpositions ("hodlTime").</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
