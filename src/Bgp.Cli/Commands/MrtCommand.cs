using System.IO.Compression;
using Bgp.Protocol.Mrt;
using ICSharpCode.SharpZipLib.BZip2;

namespace Bgp.Cli.Commands;

/// <summary>
/// <c>bgpctl mrt FILE</c>: reads an MRT file (RFC 6396; gzip or bzip2 compressed too, told by magic bytes
/// or else by extension) and prints one line per route like <c>bgpdump -m</c> (see <see cref="MrtLineFormatter"/>).
/// Records that do not decode are named on stderr and skipped; a file that breaks off (truncated, oversized
/// record, corrupt compression) prints everything before the break, then the record index and byte offset
/// of the break on stderr. Exit code 0 when everything read cleanly, 1 when anything did not, 2 on usage errors.
/// </summary>
internal static class MrtCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 1 || args[0].StartsWith('-'))
        {
            stderr.WriteLine("usage: bgpctl mrt FILE");
            return 2;
        }
        string path = args[0];
        Stream input;
        try
        {
            input = Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"bgpctl mrt: {path}: {e.Message}");
            return 1;
        }

        bool clean = true;
        using (input)
        using (var reader = new MrtReader(input))
        {
            bool warnedUnresolvedPeer = false;
            while (reader.TryRead(out var record))
            {
                switch (record)
                {
                    case MalformedMrtRecord bad:
                        stderr.WriteLine($"bgpctl mrt: {path}: record {bad.Header.Index} at byte offset {bad.Header.Offset}: {bad.Reason}");
                        clean = false;
                        continue;
                    case Bgp4mpMessage { Error: { } error } m:
                        stderr.WriteLine($"bgpctl mrt: {path}: record {m.Header.Index} at byte offset {m.Header.Offset}: BGP message does not decode: {error}"
                            + (m.Message is null ? "" : "; printing the routes before the fault"));
                        clean = false;
                        if (m.Message is null) continue;
                        break;
                    case RibRecord rib when !warnedUnresolvedPeer && HasUnresolvedPeer(rib):
                        stderr.WriteLine($"bgpctl mrt: {path}: record {rib.Header.Index} at byte offset {rib.Header.Offset}: peer index not in a PEER_INDEX_TABLE; peer fields left empty");
                        warnedUnresolvedPeer = true;
                        break;
                }
                MrtLineFormatter.Write(record, stdout);
            }
            if (reader.Error is { } broken)
            {
                stderr.WriteLine($"bgpctl mrt: {path}: {broken} ({reader.RecordsRead} records read before it)");
                clean = false;
            }
        }
        return clean ? 0 : 1;
    }

    private static bool HasUnresolvedPeer(RibRecord rib)
    {
        foreach (var e in rib.Entries)
            if (e.Peer is null) return true;
        return false;
    }

    /// <summary>Opens the file, unwrapping gzip (1f 8b) or bzip2 ("BZh"); the extension decides when the file is too short to tell.</summary>
    internal static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        Span<byte> magic = stackalloc byte[3];
        int n = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        file.Position = 0;
        bool gzip = n >= 2 ? magic[0] == 0x1f && magic[1] == 0x8b : path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        bool bzip2 = n >= 3 ? magic[0] == (byte)'B' && magic[1] == (byte)'Z' && magic[2] == (byte)'h' : path.EndsWith(".bz2", StringComparison.OrdinalIgnoreCase);
        if (gzip) return new GZipStream(file, CompressionMode.Decompress);
        if (bzip2) return new BZip2InputStream(file);
        return file;
    }
}
