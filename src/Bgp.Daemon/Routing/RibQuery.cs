using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

/// <summary>A read the RIB loop answers between commands, on its own thread, so no reader ever races the writer.</summary>
internal abstract record RibQuery : RibCommand
{
    public abstract void Answer(RibEngine engine);

    /// <summary>The loop stopped before answering.</summary>
    public abstract void Abandon();
}
