namespace Bgp.Cli.Tests.Api;

/// <summary>Runs bgpctl in-process with captured streams and an environment the test controls.</summary>
public static class CliRun
{
    public sealed record Result(int Exit, string Out, string Err)
    {
        public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static async Task<Result> RunAsync(string[] args, Dictionary<string, string>? environment = null, TextWriter? stdout = null, CancellationToken cancellation = default)
    {
        stdout ??= new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(TextReader.Null, stdout, stderr,
            name => environment is not null && environment.TryGetValue(name, out string? v) ? v : null, TimeProvider.System, cancellation);
        int exit = await Program.RunAsync(args, context);
        return new Result(exit, stdout.ToString() ?? "", stderr.ToString());
    }

    /// <summary>bgpctl --api SERVER COMMAND ARGS... (the shared option before the command, as a user would type it).</summary>
    public static Task<Result> AgainstAsync(ApiServer server, params string[] args) => RunAsync(["--api", server.Address, .. args]);
}
