using System.IO.Compression;
using Bgp.Protocol.Mrt;
using ICSharpCode.SharpZipLib.BZip2;

namespace Bgp.Protocol.Tests.Mrt;

/// <summary>The MRT files of fixtures/corpus/mrt, decompressed, read and formatted.</summary>
internal static class MrtFixtures
{
    public static readonly string[] All =
    [
        "mrtparse__bird_bgp",
        "mrtparse__openbgpd_rib_table-v2",
        "mrtparse__quagga_bgp",
        "mrtparse__quagga_rib",
        "ris-via-bgpdump__bview.ipv4_unicast_add_path.gz",
        "ris-via-bgpdump__updates.20020722.2238.gz",
        "ris-via-bgpdump__updates.et-header.2015.first400.gz",
        "ris-via-bgpdump__updates.nlri_mask_trailing_bits.gz",
        "ris-via-pyasn__bview.20140112.1600_3samples.bz2",
        "routeviews-via-pyasn__rib.20140523.0600.first100.gz",
    ];

    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bgp.sln"))) dir = dir.Parent;
        return dir is null
            ? throw new InvalidOperationException("Bgp.sln not found above " + AppContext.BaseDirectory)
            : Path.Combine(dir.FullName, "fixtures", "corpus", "mrt");
    });

    public static string PathOf(string name) => Path.Combine(Root.Value, name);

    /// <summary>The decompressed bytes of an MRT fixture.</summary>
    public static byte[] Bytes(string name)
    {
        using var file = File.OpenRead(PathOf(name));
        using Stream input = name.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress)
            : name.EndsWith(".bz2", StringComparison.Ordinal) ? new BZip2InputStream(file)
            : file;
        using var copy = new MemoryStream();
        input.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>A companion text file (plain, or gzip-compressed with a .gz suffix) as lines.</summary>
    public static string[] CompanionLines(string name, string suffix)
    {
        string plain = PathOf(name + suffix);
        if (File.Exists(plain)) return File.ReadAllLines(plain);
        using var gz = new GZipStream(File.OpenRead(plain + ".gz"), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static (List<MrtRecord> Records, MrtReadError? Error) Read(byte[] data, bool seekable = true)
    {
        using Stream stream = seekable ? new MemoryStream(data, writable: false) : new NonSeekableStream(data);
        using var reader = new MrtReader(stream);
        var records = reader.ReadAll().ToList();
        return (records, reader.Error);
    }

    public static List<string> Format(IEnumerable<MrtRecord> records)
    {
        var lines = new List<string>();
        foreach (var r in records) lines.AddRange(MrtLineFormatter.Lines(r));
        return lines;
    }

    /// <summary>A stream that cannot tell its length, like a decompressor.</summary>
    public sealed class NonSeekableStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data, writable: false);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
