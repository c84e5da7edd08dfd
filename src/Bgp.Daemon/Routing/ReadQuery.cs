using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

/// <summary>
/// A query whose answer is <paramref name="Read"/>'s result, completed through a TaskCompletionSource with
/// RunContinuationsAsynchronously so the caller's continuation never runs on the RIB loop.
/// </summary>
internal sealed record ReadQuery<T>(Func<RibEngine, T> Read) : RibQuery
{
    public TaskCompletionSource<T> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Answer(RibEngine engine)
    {
        try
        {
            Reply.TrySetResult(Read(engine));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            Reply.TrySetException(e);
        }
    }

    public override void Abandon() => Reply.TrySetCanceled();
}
