using Bgp.Api.V1;
using Bgp.Cli.Api;
using Bgp.Cli.Arguments;
using Bgp.Cli.Json;
using Bgp.Cli.Output;
using Grpc.Core;

namespace Bgp.Cli.Commands;

/// <summary>
/// <c>bgpctl routes</c>: the Loc-RIB, or one peer's Adj-RIB-In/Out, streamed row by row as bgpd sends it:
/// nothing is collected, so a full table of a million routes costs the memory of one (plus the first
/// <see cref="AlignWindow"/> rows a human table holds to measure its columns).
/// </summary>
internal static class RoutesCommand
{
    /// <summary>Rows a human table measures before it starts printing; later rows keep those widths.</summary>
    internal const int AlignWindow = 1000;

    public static readonly CommandSpec Spec = new(
        "routes", "[PREFIX]", "list routes of the Loc-RIB or of a peer's Adj-RIB-In/Out (streamed)",
        [
            new("--table", "in|loc|out", "loc: best paths (default); in/out: what --peer sent us / what we send it"),
            new("--peer", "ADDR", "only paths from this peer (loc), or whose Adj-RIB-In/Out to show (in/out)"),
            new("--family", "ipv4|ipv6", "only this address family (default both)"),
            new("--longer", null, "with PREFIX: it and every more specific prefix inside it"),
            new("--shorter", null, "with PREFIX: it and every less specific prefix covering it"),
            new("--all", null, "loc: every candidate path, not only best paths"),
        ],
        0, 1, RunAsync,
        """
        Status column: '*>' best path, '*=' in the ECMP set, '* ' other candidate; 'S' instead of '*': stale
        (graceful restart). Widths are measured on the first 1000 rows; later wider cells push their line.
        """);

    private static readonly TableColumn[] Columns =
    [
        new(""), new("PREFIX"), new("NEXT HOP"), new("PEER"), new("LOCPRF", RightAligned: true), new("MED", RightAligned: true),
        new("ORIGIN"), new("AS PATH"), new("COMMUNITIES"),
    ];

    internal static ListRoutesRequest BuildRequest(ApiInvocation call)
    {
        var args = call.Args;
        var request = new ListRoutesRequest();
        request.Table = args.Value("--table") switch
        {
            null or "loc" => Table.Loc,
            "in" => Table.AdjIn,
            "out" => Table.AdjOut,
            var other => throw new UsageException($"bad table '{other}' (expected in, loc or out)"),
        };
        if (args.Value("--peer") is { } peer) request.PeerAddress = ArgValues.Address(peer);
        if (request.Table != Table.Loc && request.PeerAddress.Length == 0)
            throw new UsageException($"--table {args.Value("--table")} needs --peer ADDR");
        if (args.Value("--family") is { } family) request.Family = ArgValues.ParseFamily(family);
        if (args.Positional(0) is { } prefix)
        {
            request.Prefix = ArgValues.Prefix(prefix);
            if (request.Family != Family.Unspecified && request.Family != ArgValues.FamilyOf(request.Prefix))
                throw new UsageException($"prefix {request.Prefix} is not in --family {args.Value("--family")}");
        }
        if (args.Has("--longer") && args.Has("--shorter")) throw new UsageException("--longer and --shorter exclude each other");
        if ((args.Has("--longer") || args.Has("--shorter")) && request.Prefix.Length == 0)
            throw new UsageException($"{(args.Has("--longer") ? "--longer" : "--shorter")} needs a PREFIX");
        request.Match = args.Has("--longer") ? PrefixMatch.Longer : args.Has("--shorter") ? PrefixMatch.Shorter : PrefixMatch.Exact;
        if (args.Has("--all"))
        {
            if (request.Table != Table.Loc) throw new UsageException("--all applies to --table loc only");
            request.AllPaths = true;
        }
        return request;
    }

    private static async Task<int> RunAsync(ApiInvocation call)
    {
        var request = BuildRequest(call);
        using var stream = call.Client.ListRoutes(request, call.Stream());
        var reader = stream.ResponseStream;
        var ct = call.Context.Cancellation;
        if (call.Json)
        {
            using var lines = new JsonLineWriter(call.Out);
            while (await reader.MoveNext(ct))
            {
                RouteJsonWriter.Write(lines.Begin(), reader.Current);
                lines.End();
            }
            return ExitCodes.Ok;
        }
        var table = new TextTable(call.Out, Columns, AlignWindow);
        try
        {
            while (await reader.MoveNext(ct))
            {
                var r = reader.Current;
                table.AddRow(Status(r), r.Prefix, NextHop(r), r.Peer, r.HasLocalPref ? ApiText.Number(r.LocalPref) : "-",
                    r.HasMed ? ApiText.Number(r.Med) : "-", ApiText.Origin(r.Origin) ?? "?", r.AsPath.Length > 0 ? r.AsPath : "-",
                    ApiText.Words(r.Communities.Concat(r.LargeCommunities)));
            }
        }
        finally
        {
            // A stream that breaks off still shows the rows that came (as --json does); the error follows on stderr.
            table.Complete();
        }
        return ExitCodes.Ok;
    }

    internal static string Status(Route r) => (r.Stale ? "S" : "*") + (r.Best ? ">" : r.Multipath ? "=" : " ");

    internal static string NextHop(Route r) =>
        r.NextHop.Length == 0 ? "-" : r.NextHopLinkLocal.Length > 0 ? $"{r.NextHop} ({r.NextHopLinkLocal})" : r.NextHop;
}
