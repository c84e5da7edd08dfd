namespace Bgp.Fuzz;

/// <summary>
/// Turns the corpus's <c>*.messages.hex</c> files (one message per line) into AFL seed files, one
/// binary message each. Files are visited in turn, one line from each, so that a few big captures
/// do not crowd out the small ones holding the odd cases (ADD-PATH, EVPN, malformed captures).
/// </summary>
public static class SeedCorpus
{
    public static int Write(string corpusRoot, string outputDir, int limit)
    {
        string[] files = Directory.GetFiles(corpusRoot, "*.messages.hex", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        var queues = new List<Queue<string>>();
        foreach (string file in files) queues.Add(new Queue<string>(File.ReadAllLines(file)));
        Directory.CreateDirectory(outputDir);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int written = 0;
        bool any = true;
        while (written < limit && any)
        {
            any = false;
            foreach (var queue in queues)
            {
                if (written >= limit) break;
                while (queue.Count > 0)
                {
                    string line = queue.Dequeue().Trim();
                    if (line.Length == 0 || !seen.Add(line)) continue;
                    File.WriteAllBytes(Path.Combine(outputDir, $"seed-{written:D4}.bin"), Convert.FromHexString(line));
                    written++;
                    any = true;
                    break;
                }
            }
        }
        return written;
    }
}
