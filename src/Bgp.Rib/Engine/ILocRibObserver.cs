using Bgp.Protocol;

namespace Bgp.Rib.Engine;

/// <summary>
/// Told of every change to the Loc-RIB's best path or ECMP set of a prefix (the kernel FIB sync and the
/// API's watch stream). Called on the RIB loop, synchronously, right after the change: an observer reads
/// what it needs from <see cref="RibEngine.Rib"/> at once (best path, multipath set) and hands the work on;
/// it must not block, throw, or call back into the engine's commands.
/// </summary>
public interface ILocRibObserver
{
    /// <param name="change">
    /// The prefix and what changed (best path, multipath set or both). <see cref="RibChangeKind.Candidates"/>
    /// may be set as well while an ADD-PATH peer takes every path; observers ignore it (a change of only
    /// that bit is never reported to them).
    /// </param>
    void OnLocRibChanged(RibEngine engine, in RibChange change);
}
