namespace Bgp.Cli.Arguments;

/// <summary>The command line cannot be run as written; the message names the offending word.</summary>
internal sealed class UsageException(string message) : Exception(message);
