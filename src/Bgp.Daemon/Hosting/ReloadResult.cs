namespace Bgp.Daemon.Hosting;

/// <summary>
/// What a reload did: <see cref="Applied"/> false when the file was refused (the running configuration is
/// kept) with every problem in <see cref="Errors"/>; <see cref="Changes"/> says what changed, one line each.
/// </summary>
public sealed record ReloadResult(bool Applied, IReadOnlyList<string> Errors, IReadOnlyList<string> Changes);
