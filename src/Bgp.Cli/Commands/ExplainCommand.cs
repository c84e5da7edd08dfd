using Bgp.Api.V1;
using Bgp.Cli.Api;
using Bgp.Cli.Arguments;
using Bgp.Cli.Json;
using Bgp.Cli.Output;

namespace Bgp.Cli.Commands;

/// <summary>
/// <c>bgpctl explain PREFIX</c>: every candidate path of the prefix, best first, each with the RFC 4271
/// 9.1.2 rule that ruled it out against the best one.
/// </summary>
internal static class ExplainCommand
{
    public static readonly CommandSpec Spec = new(
        "explain", "PREFIX", "show every candidate path of a prefix and the decision rule that ruled each out", [], 1, 1, RunAsync);

    private static readonly TableColumn[] Columns =
    [
        new(""), new("PEER"), new("NEXT HOP"), new("LOCPRF", RightAligned: true), new("MED", RightAligned: true), new("ORIGIN"),
        new("AS PATH"), new("DECIDED BY"), new("REASON"),
    ];

    private static async Task<int> RunAsync(ApiInvocation call)
    {
        string prefix = ArgValues.Prefix(call.Args.Positional(0)!);
        var response = await call.Client.ExplainPrefixAsync(new ExplainPrefixRequest { Prefix = prefix }, call.Unary());
        if (call.Json)
        {
            using var lines = new JsonLineWriter(call.Out);
            var json = lines.Begin();
            json.WriteStartObject();
            json.WriteString("prefix", response.Prefix.Length > 0 ? response.Prefix : prefix);
            json.WriteStartArray("paths");
            foreach (var p in response.Paths)
            {
                json.WriteStartObject();
                RouteJsonWriter.WriteFields(json, p.Route ?? new Route(), p.Best);
                PeerJsonWriter.WriteOptionalString(json, "decidedBy", p.DecidedBy);
                PeerJsonWriter.WriteOptionalString(json, "reason", p.Reason);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            lines.End();
            return ExitCodes.Ok;
        }
        call.Out.WriteLine($"{(response.Prefix.Length > 0 ? response.Prefix : prefix)}: {response.Paths.Count} path{(response.Paths.Count == 1 ? "" : "s")}");
        var table = new TextTable(call.Out, Columns);
        foreach (var p in response.Paths)
        {
            var r = p.Route ?? new Route();
            table.AddRow(p.Best ? "*>" : "  ", r.Peer, RoutesCommand.NextHop(r), r.HasLocalPref ? ApiText.Number(r.LocalPref) : "-",
                r.HasMed ? ApiText.Number(r.Med) : "-", ApiText.Origin(r.Origin) ?? "?", r.AsPath.Length > 0 ? r.AsPath : "-",
                p.Best ? "best" : p.DecidedBy.Length > 0 ? p.DecidedBy : "-", p.Reason);
        }
        table.Complete();
        return ExitCodes.Ok;
    }
}
