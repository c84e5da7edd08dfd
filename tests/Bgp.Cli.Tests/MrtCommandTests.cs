using System.IO.Compression;
using Bgp.Cli.Commands;

namespace Bgp.Cli.Tests;

public sealed class MrtCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("bgpctl-mrt-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Theory]
    [InlineData("mrtparse__quagga_rib")]
    [InlineData("routeviews-via-pyasn__rib.20140523.0600.first100.gz")]
    [InlineData("ris-via-bgpdump__updates.20020722.2238.gz")]
    public void Run_CleanFile_PrintsBgpdumpLinesAndExitsZero(string name)
    {
        var (code, stdout, stderr) = Run(Fixture(name));

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Equal(File.ReadAllLines(Fixture(name + ".bgpdump.txt")), Lines(stdout));
    }

    [Fact]
    public void Run_Bzip2WithoutPeerIndexTable_PrintsRoutesAndWarns()
    {
        var (code, stdout, stderr) = Run(Fixture("ris-via-pyasn__bview.20140112.1600_3samples.bz2"));

        Assert.Equal(0, code);
        Assert.Equal(3, Lines(stdout).Length);
        Assert.StartsWith("TABLE_DUMP2|1389542400|B|||1.0.0.0/24|25152 15169|IGP|", stdout, StringComparison.Ordinal);
        Assert.Contains("PEER_INDEX_TABLE", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_GzipFileWithoutExtension_RecognisedByMagicBytes()
    {
        string copy = Path.Combine(_temp, "updates");
        File.Copy(Fixture("ris-via-bgpdump__updates.20020722.2238.gz"), copy);

        var (code, stdout, _) = Run(copy);

        Assert.Equal(0, code);
        Assert.Equal(3337, Lines(stdout).Length);
    }

    [Fact]
    public void Run_TruncatedPlainFile_PrintsRecordsBeforeCutAndNamesOffset()
    {
        // quagga_rib: PEER_INDEX_TABLE then six RIB records; cut 10 octets into the fifth record's body.
        byte[] data = File.ReadAllBytes(Fixture("mrtparse__quagga_rib"));
        long offset = 0;
        for (int i = 0; i < 4; i++) offset += 12 + ReadLength(data, offset);
        string cut = Path.Combine(_temp, "cut.mrt");
        File.WriteAllBytes(cut, data[..(int)(offset + 22)]);

        var (code, stdout, stderr) = Run(cut);

        Assert.Equal(1, code);
        // Records 1-3 (IPv4 RIB, one line each) came before the cut.
        Assert.Equal(File.ReadAllLines(Fixture("mrtparse__quagga_rib.bgpdump.txt")).Take(3), Lines(stdout));
        Assert.Contains($"record 4 at byte offset {offset}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TruncatedGzipFile_PrintsWhatWasReadAndExitsOne()
    {
        byte[] gz = File.ReadAllBytes(Fixture("ris-via-bgpdump__updates.20020722.2238.gz"));
        string cut = Path.Combine(_temp, "cut.gz");
        File.WriteAllBytes(cut, gz[..(gz.Length / 2)]);

        var (code, stdout, stderr) = Run(cut);

        Assert.Equal(1, code);
        string[] expected = File.ReadAllLines(Fixture("ris-via-bgpdump__updates.20020722.2238.gz.bgpdump.txt"));
        string[] got = Lines(stdout);
        Assert.InRange(got.Length, 100, expected.Length - 1);
        Assert.Equal(expected.Take(got.Length), got);
        Assert.Matches(@"record \d+ at byte offset \d+", stderr);
    }

    [Fact]
    public void Run_RecompressedTruncatedStream_NamesBrokenRecordOffset()
    {
        // A gzip file that is itself intact but holds a cut MRT stream: the break is an MRT one.
        byte[] mrt = File.ReadAllBytes(Fixture("mrtparse__quagga_bgp"));
        string path = Path.Combine(_temp, "cut.mrt.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            gz.Write(mrt, 0, 3000);

        var (code, _, stderr) = Run(path);

        Assert.Equal(1, code);
        Assert.Contains("stream ends inside the record", stderr, StringComparison.Ordinal);
        Assert.Matches(@"byte offset (\d+)", stderr);
    }

    [Fact]
    public void Run_NoArguments_ExitsTwoWithUsage()
    {
        var (code, _, stderr) = Run();

        Assert.Equal(2, code);
        Assert.Contains("usage", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingFile_ExitsOne()
    {
        var (code, stdout, stderr) = Run(Path.Combine(_temp, "nope.mrt"));

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("nope.mrt", stderr, StringComparison.Ordinal);
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = MrtCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static long ReadLength(byte[] data, long offset) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan((int)offset + 8));

    private static string Fixture(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bgp.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "fixtures", "corpus", "mrt", name);
    }
}
