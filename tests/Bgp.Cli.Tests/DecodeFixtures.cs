namespace Bgp.Cli.Tests;

/// <summary>Finds the shared corpus by walking up from the test binaries to the folder holding Bgp.sln.</summary>
internal static class DecodeFixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string CorpusPath(string relative) => Path.Combine(Root.Value, "fixtures", "corpus", relative);

    /// <summary>The well-formed captures' message files, by file name under fixtures/corpus/pcap.</summary>
    public static IEnumerable<object[]> PcapMessageFiles()
    {
        foreach (string path in Directory.GetFiles(CorpusPath("pcap"), "*.messages.hex").Order(StringComparer.Ordinal))
            yield return [Path.GetFileName(path)];
    }

    /// <summary>Line <paramref name="number"/> (1-based) of a pcap messages.hex file.</summary>
    public static string PcapLine(string file, int number) => File.ReadAllLines(CorpusPath(Path.Combine("pcap", file)))[number - 1];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bgp.sln"))) return dir.FullName;
        throw new InvalidOperationException("no Bgp.sln above " + AppContext.BaseDirectory);
    }
}
