using System.Diagnostics;
using System.Text.Json;

namespace Bgp.Netlink.Tests.Harness;

/// <summary>Runs iproute2's <c>ip</c>, the independent witness of what the kernel holds.</summary>
internal static class Ip
{
    public static string Run(params string[] args)
    {
        var (code, stdout, stderr) = TryRun(args);
        if (code != 0) throw new InvalidOperationException("ip " + string.Join(' ', args) + " failed (" + code + "): " + stderr);
        return stdout;
    }

    public static (int Code, string Stdout, string Stderr) TryRun(params string[] args)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderrTask = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderrTask.Result);
    }

    /// <summary><c>ip -j ...</c> parsed; the caller disposes the document.</summary>
    public static JsonDocument Json(params string[] args) => JsonDocument.Parse(Run(["-j", .. args]) is { Length: > 0 } s ? s : "[]");
}
