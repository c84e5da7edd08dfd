using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Bgp.Daemon.Tests.Api;
using Bgp.Daemon.Tests.Hosting;

namespace Bgp.Daemon.Tests.Cli;

/// <summary>
/// Two real bgpd processes peering over eBGP on 127.0.0.61 (AS 65061, originates 10.61.0.0/24) and 127.0.0.62
/// (AS 65062, originates 10.62.0.0/24), each with its API and health endpoint on free ports, for the tests that
/// drive the real bgpctl against them. bgpctl runs in-process through its public entry point
/// (<c>Bgp.Cli.Program.Run</c>) or as its own build's <c>bgpctl.dll</c> in a child process (<see cref="StartBgpctl"/>).
/// </summary>
public sealed class BgpctlPairFixture : IAsyncLifetime, IDisposable
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    public static readonly IPAddress AddressA = IPAddress.Parse("127.0.0.61");
    public static readonly IPAddress AddressB = IPAddress.Parse("127.0.0.62");

    private readonly TempConfigFolder _folder = new();
    private bool _disposed;

    internal BgpdProcess A { get; private set; } = null!;
    internal BgpdProcess B { get; private set; } = null!;
    public string ConfigA { get; private set; } = "";
    public string YamlA { get; private set; } = "";
    public int BgpPortA { get; private set; }
    public string ApiA { get; private set; } = "";
    public string ApiB { get; private set; } = "";

    public async Task InitializeAsync()
    {
        BgpPortA = BgpdProcess.FreePort(AddressA);
        int bgpPortB = BgpdProcess.FreePort(AddressB);
        int apiA = BgpdProcess.FreePort(AddressA), apiB = BgpdProcess.FreePort(AddressB);
        int healthA = BgpdProcess.FreePort(AddressA), healthB = BgpdProcess.FreePort(AddressB);
        YamlA = BgpdPairFixture.Yaml(65061, "10.0.61.1", AddressA, BgpPortA, apiA, healthA, "10.61.0.0/24", AddressB, bgpPortB, 65062, holdTime: 90);
        ConfigA = _folder.Write("a.yaml", YamlA);
        string configB = _folder.Write("b.yaml", BgpdPairFixture.Yaml(65062, "10.0.62.1", AddressB, bgpPortB, apiB, healthB, "10.62.0.0/24", AddressA, BgpPortA, 65061, holdTime: 90));
        ApiA = $"{AddressA}:{apiA}";
        ApiB = $"{AddressB}:{apiB}";
        A = BgpdProcess.Start("--config", ConfigA);
        B = BgpdProcess.Start("--config", configB);
        Assert.True(await A.WaitForOutputAsync("gRPC API listening", Generous), A.Describe());
        Assert.True(await B.WaitForOutputAsync("gRPC API listening", Generous), B.Describe());
        await WaitForPeerStateAsync(ApiA, AddressB.ToString(), "Established");
        await WaitForRouteAsync(ApiA, "10.62.0.0/24", present: true);
        await WaitForRouteAsync(ApiB, "10.61.0.0/24", present: true);
    }

    public void RewriteConfigA(string yaml) => File.WriteAllText(ConfigA, yaml);

    public sealed record Result(int Exit, string Out, string Err)
    {
        public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        public override string ToString() => $"exit {Exit}\nstdout:\n{Out}\nstderr:\n{Err}";
    }

    /// <summary>bgpctl --api API ARGS..., in-process through the entry point a user's process runs.</summary>
    public static async Task<Result> CtlAsync(string api, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // Program.Run blocks on the call; off the test's thread so xunit's scheduler is not held.
        int exit = await Task.Run(() => global::Bgp.Cli.Program.Run(["--api", api, .. args], TextReader.Null, stdout, stderr));
        return new Result(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// bgpctl.dll from bgpctl's own build (its deps and runtimeconfig; the copy next to these tests resolves
    /// against ASP.NET Core's framework and would not load its logging package) as a child process.
    /// </summary>
    public static Process StartBgpctl(params string[] args)
    {
        string dll = BgpctlDll();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (string a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    private static string BgpctlDll()
    {
        // .../tests/Bgp.Daemon.Tests/bin/CONFIG/TFM/ -> .../src/Bgp.Cli/bin/CONFIG/TFM/bgpctl.dll
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var config = tfm.Parent!;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Bgp.sln"))) root = root.Parent;
        Assert.NotNull(root);
        string dll = Path.Combine(root.FullName, "src", "Bgp.Cli", "bin", config.Name, tfm.Name, "bgpctl.dll");
        Assert.True(File.Exists(dll), $"bgpctl.dll not built: {dll}");
        return dll;
    }

    /// <summary>
    /// Polls <c>bgpctl peer ADDR --json</c> until its state is <paramref name="state"/> (any when null) and
    /// <paramref name="also"/> holds; returns the peer object.
    /// </summary>
    public static async Task<JsonElement> WaitForPeerStateAsync(string api, string peer, string? state, Func<JsonElement, bool>? also = null)
    {
        var deadline = DateTime.UtcNow + Generous;
        Result? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await CtlAsync(api, "peer", peer, "--json");
            if (last.Exit == 0)
            {
                var p = JsonDocument.Parse(last.Out).RootElement;
                if ((state is null || p.GetProperty("state").GetString() == state) && (also is null || also(p))) return p;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"peer {peer} at {api} did not reach {state ?? "the wanted state"}; last: {last}");
        return default;
    }

    /// <summary>Polls <c>bgpctl routes PREFIX --json</c> (Loc-RIB) until the prefix is there or gone.</summary>
    public static async Task<List<JsonElement>> WaitForRouteAsync(string api, string prefix, bool present)
    {
        var deadline = DateTime.UtcNow + Generous;
        List<JsonElement> rows = [];
        while (DateTime.UtcNow < deadline)
        {
            var r = await CtlAsync(api, "routes", prefix, "--json");
            Assert.True(r.Exit == 0, r.ToString());
            rows = [.. r.Lines.Select(l => JsonDocument.Parse(l).RootElement)];
            if ((rows.Count > 0) == present) return rows;
            await Task.Delay(100);
        }
        Assert.Fail($"route {prefix} at {api} {(present ? "never arrived" : "never went")}");
        return rows;
    }

    public async Task DisposeAsync()
    {
        foreach (var p in new[] { A, B })
        {
            if (p is null) continue;
            if (!p.HasExited) await p.SignalAsync("TERM");
            await p.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await p.DisposeAsync();
        }
        Dispose();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _folder.Dispose();
    }
}
