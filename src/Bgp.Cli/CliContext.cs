namespace Bgp.Cli;

/// <summary>
/// What a command may touch of the outside world: its streams, the environment, the clock and the
/// cancellation of Ctrl+C. Tests pass their own.
/// </summary>
internal sealed record CliContext(
    TextReader Stdin,
    TextWriter Stdout,
    TextWriter Stderr,
    Func<string, string?> Environment,
    TimeProvider Time,
    CancellationToken Cancellation);
