using System.Diagnostics;

namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// Runs short external commands (ip, sysctl, birdc, gobgp, vtysh) with arguments passed as a list, so
/// nothing goes through a shell, and with a bounded run time so a hung tool fails the test instead of
/// hanging the suite.
/// </summary>
public static class CommandRunner
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task<CommandResult> RunAsync(string file, IEnumerable<string> args, CancellationToken ct, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var text = file + " " + string.Join(' ', psi.ArgumentList);

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {text}");
        process.StandardInput.Close();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout ?? DefaultTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return new CommandResult(text, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw new TimeoutException($"`{text}` did not finish within {(timeout ?? DefaultTimeout).TotalSeconds} s");
        }
    }

    /// <summary>Runs a command that must succeed; a non-zero exit throws with its stderr.</summary>
    public static async Task<CommandResult> CheckAsync(string file, IEnumerable<string> args, CancellationToken ct, TimeSpan? timeout = null)
    {
        var result = await RunAsync(file, args, ct, timeout).ConfigureAwait(false);
        if (!result.Succeeded) throw new InvalidOperationException(result.ToString());
        return result;
    }

    /// <summary>Runs a command inside a network namespace (<c>ip netns exec NS ...</c>).</summary>
    public static Task<CommandResult> RunInAsync(string netns, string file, IEnumerable<string> args, CancellationToken ct, TimeSpan? timeout = null) =>
        RunAsync("ip", ["netns", "exec", netns, file, .. args], ct, timeout);
}
