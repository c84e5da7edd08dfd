using System.Runtime.CompilerServices;

namespace Bgp.Daemon.Routing;

/// <summary>
/// <c>await default(ThreadPoolHop)</c> goes on with the rest of the method on a thread-pool thread, always (never
/// inline, whatever the caller's SynchronizationContext or TaskScheduler; <c>Task.Yield</c> would post to those).
/// The RIB loop resumes on the thread of the write that ends its wait (RibLoop.Threads.cs): it hops off any writer's thread
/// but a session forwarder's, and off a forwarder's after one round; a forwarder hops off the thread that attached it.
/// </summary>
internal readonly struct ThreadPoolHop : ICriticalNotifyCompletion
{
    public ThreadPoolHop GetAwaiter() => this;

    public bool IsCompleted => false;

    public void GetResult()
    {
    }

    // The global queue (preferLocal false): the thread hopped off goes on with its own work (a forwarder with its inbox,
    // a caller with what follows its write), so another thread should take the continuation.
    public void OnCompleted(Action continuation) =>
        ThreadPool.QueueUserWorkItem(static c => c(), continuation, preferLocal: false);

    // The async method builder restores the ExecutionContext itself when it uses this one.
    public void UnsafeOnCompleted(Action continuation) =>
        ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
}
