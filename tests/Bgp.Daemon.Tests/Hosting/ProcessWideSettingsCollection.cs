namespace Bgp.Daemon.Tests.Hosting;

/// <summary>
/// Tests of settings bgpd applies process-wide (HugePageArena.Shared): they run alone, since every daemon a parallel
/// test creates sets them too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideSettingsCollection
{
    public const string Name = "process-wide settings";
}
