using System.IO.Compression;
using System.Text.Json;

namespace Bgp.Testing;

/// <summary>
/// Loads the corpus files described in fixtures/corpus/README.md: hex lines, JSON lines (gzip-compressed
/// when the name ends in .gz) and the aligned message / decode / MRT-record triples.
/// </summary>
public static class Fixtures
{
    /// <summary>Every F.messages.hex under fixtures/corpus, relative and with forward slashes, in a stable order.</summary>
    public static IReadOnlyList<string> MessageFiles() => Find("*.messages.hex");

    /// <summary>Corpus files matching a file-name pattern (e.g. "*.tcp_streams.jsonl"), relative, sorted.</summary>
    public static IReadOnlyList<string> Find(string pattern, string? under = null)
    {
        string root = under is null ? FixturePaths.Corpus : FixturePaths.InCorpus(under);
        var files = Directory.GetFiles(root, pattern, SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(FixturePaths.Corpus, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>The lines of a corpus text file; reads F.gz instead when only the compressed copy exists.</summary>
    public static string[] ReadLines(string relative)
    {
        string path = FixturePaths.InCorpus(relative);
        if (!File.Exists(path) && File.Exists(path + ".gz")) path += ".gz";
        if (!path.EndsWith(".gz", StringComparison.Ordinal)) return File.ReadAllLines(path);
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return [.. lines];
    }

    /// <summary>True when the file or its .gz copy exists.</summary>
    public static bool Exists(string relative)
    {
        string path = FixturePaths.InCorpus(relative);
        return File.Exists(path) || File.Exists(path + ".gz");
    }

    /// <summary>One hex string per non-empty line, as bytes.</summary>
    public static List<byte[]> ReadHexLines(string relative) =>
        ReadLines(relative).Where(l => l.Length > 0).Select(Hex.Bytes).ToList();

    /// <summary>One JSON value per non-empty line (detached from its document, so it can be kept).</summary>
    public static List<JsonElement> ReadJsonLines(string relative) =>
        ReadLines(relative).Where(l => l.Length > 0).Select(ParseDetached).ToList();

    /// <summary>A raw file of the corpus as bytes (fuzz inputs, pcaps).</summary>
    public static byte[] ReadBytes(string relative) => File.ReadAllBytes(FixturePaths.InCorpus(relative));

    /// <summary>
    /// The messages of one F.messages.hex with their aligned F.expected.jsonl decode and, for MRT files,
    /// their F.messages.jsonl record. Fails loudly when the files do not line up.
    /// </summary>
    public static List<CorpusMessage> LoadMessages(string messagesHex)
    {
        const string Suffix = ".messages.hex";
        if (!messagesHex.EndsWith(Suffix, StringComparison.Ordinal))
            throw new ArgumentException($"{messagesHex} is not a {Suffix} file", nameof(messagesHex));
        string stem = messagesHex[..^Suffix.Length];
        var bytes = ReadHexLines(messagesHex);
        var expected = ReadJsonLines(stem + ".expected.jsonl");
        var mrt = Exists(stem + ".messages.jsonl") ? ReadJsonLines(stem + ".messages.jsonl") : null;
        if (expected.Count != bytes.Count || (mrt is not null && mrt.Count != bytes.Count))
            throw new InvalidDataException($"{stem}: {bytes.Count} messages, {expected.Count} decodes, {mrt?.Count} MRT records");
        var list = new List<CorpusMessage>(bytes.Count);
        for (int i = 0; i < bytes.Count; i++)
            list.Add(new CorpusMessage(messagesHex, i, bytes[i], expected[i], mrt?[i]));
        return list;
    }

    private static JsonElement ParseDetached(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.Clone();
    }
}
