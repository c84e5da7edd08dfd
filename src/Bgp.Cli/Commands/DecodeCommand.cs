using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bgp.Cli.Decode;
using Bgp.Cli.Json;

namespace Bgp.Cli.Commands;

/// <summary>
/// bgpctl decode: BGP messages as hex, one whole message per line (marker included), from a file or
/// stdin, to one JSON object per message per line, in order. A line that is not a valid message gives an
/// object holding the NOTIFICATION a speaker would send, and decoding goes on: bad input is the point of
/// a decoder, so only usage errors stop the command.
/// </summary>
internal static class DecodeCommand
{
    public const string Usage =
        """
        usage: bgpctl decode [FILE|-] [--as2|--as4] [--addpath|--no-addpath]

        Reads BGP messages as hex, one whole message per line (marker included), from FILE or stdin,
        and prints one JSON object per message, one per line, in order. Blank lines and lines starting
        with '#' are skipped.

        Reading options (a message outside its session does not say how it was encoded):
          --as2, --as4          AS_PATH/AGGREGATOR numbers are 2 or 4 octets (RFC 6793)
          --addpath             NLRI of IPv4/IPv6 unicast carry path identifiers (RFC 7911)
          --no-addpath          NLRI carry no path identifiers
        Without them the OPENs earlier in the input decide (capability 65 on the last OPENs: 4-octet;
        ADD-PATH capability with Send for a family: path ids for that family); before any OPEN every
        reading is tried and the first without errors wins (4-octet before 2-octet, no path ids first).

        Fields, where the message has them:
          all           type (OPEN, UPDATE, NOTIFICATION, KEEPALIVE, ROUTE-REFRESH), length
          OPEN          version, asn (4-octet AS capability, else My AS), myAs (when AS_TRANS), holdTime,
                        routerId, capabilities [{code, name, ...decoded fields | value (hex)}]
          UPDATE        withdrawn, nlri: prefix strings, IPv4 and IPv6 unicast together (MP_REACH/
                          MP_UNREACH included), in wire order
                        withdrawnPathIds, nlriPathIds: with ADD-PATH, the path id of each prefix, index
                          for index (null for a prefix whose family has none)
                        nextHop, mpNextHop (MP_REACH next hop when NEXT_HOP is there too), linkLocalNextHop,
                        origin (IGP/EGP/INCOMPLETE), asPath (AS_SET as a nested list, confederation
                        segments as {confedSequence|confedSet: [...]}), as4Path, med, localPref,
                        atomicAggregate, aggregator, as4Aggregator {asn, address}, communities ("65000:100"),
                        largeCommunities ("1:2:3"), extCommunities, originatorId, clusterList,
                        onlyToCustomer, otherAttributes [{type, flags, value}],
                        mpReach {afi, safi, family, nextHop, nextHopHex, nlri (hex)} and
                        mpUnreach {afi, safi, family, withdrawn (hex)} for other families,
                        endOfRib (e.g. "ipv4-unicast"),
                        errors [{code, subcode, name, reason, data, action}] (RFC 7606), treatAsWithdraw
          NOTIFICATION  code, subcode, codeName, subcodeName, data (hex), shutdownCommunication
          ROUTE-REFRESH afi, safi, family, subtype (normal, BoRR, EoRR), orf (hex)
          invalid line  error {code, subcode, name, reason, data}: the NOTIFICATION a speaker would send
                        (type and length too when the header is readable); a line that is not hex
                        gives error {name: "not hex", reason, line}

        Exit status: 0 when every line was read (even if some were invalid), 2 on usage errors.
        """;

    internal static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var asMode = AsNumberMode.Infer;
        var addPathMode = AddPathMode.Infer;
        string? file = null;
        foreach (string arg in args)
        {
            switch (arg)
            {
                case "-h" or "--help":
                    stdout.WriteLine(Usage);
                    return 0;
                case "--as2" or "--as4":
                {
                    var mode = arg == "--as2" ? AsNumberMode.TwoOctet : AsNumberMode.FourOctet;
                    if (asMode != AsNumberMode.Infer && asMode != mode) return UsageError(stderr, "--as2 and --as4 exclude each other");
                    asMode = mode;
                    break;
                }
                case "--addpath" or "--no-addpath":
                {
                    var mode = arg == "--addpath" ? AddPathMode.On : AddPathMode.Off;
                    if (addPathMode != AddPathMode.Infer && addPathMode != mode)
                        return UsageError(stderr, "--addpath and --no-addpath exclude each other");
                    addPathMode = mode;
                    break;
                }
                default:
                    if (arg.Length > 1 && arg[0] == '-') return UsageError(stderr, $"unknown option '{arg}'");
                    if (file is not null) return UsageError(stderr, $"only one input file, got '{file}' and '{arg}'");
                    file = arg;
                    break;
            }
        }

        TextReader input;
        if (file is null or "-")
        {
            input = stdin;
        }
        else
        {
            try
            {
                input = new StreamReader(file, Encoding.UTF8);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return UsageError(stderr, $"cannot read '{file}': {e.Message}");
            }
        }

        try
        {
            Decode(input, stdout, new WireFormatInference(asMode, addPathMode));
            return 0;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"bgpctl decode: reading failed: {e.Message}");
            return 1;
        }
        finally
        {
            if (!ReferenceEquals(input, stdin)) input.Dispose();
        }
    }

    private static void Decode(TextReader input, TextWriter stdout, WireFormatInference inference)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        // Relaxed escaping: the output is a terminal or a pipe, not HTML, and a shutdown communication in
        // UTF-8 should read as its text.
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        int lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            var trimmed = line.AsSpan().Trim();
            if (trimmed.IsEmpty || trimmed[0] == '#') continue;

            buffer.ResetWrittenCount();
            json.Reset(buffer);
            if (HexLine.TryParse(line, out byte[] raw, out string? problem))
                MessageJsonWriter.Write(json, raw, inference.Decode(raw));
            else
                MessageJsonWriter.WriteNotHex(json, lineNumber, problem!);
            json.Flush();
            stdout.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"bgpctl decode: {message}");
        stderr.WriteLine("usage: bgpctl decode [FILE|-] [--as2|--as4] [--addpath|--no-addpath]  (bgpctl decode --help for the fields)");
        return 2;
    }
}
