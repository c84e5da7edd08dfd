using System.Runtime.InteropServices;

namespace Bgp.Netlink.Sync;

/// <summary>
/// Keeps the kernel's routes of one protocol in one table equal to a wanted set, the way BIRD's
/// kernel protocol (nest/rt-table.c + sysdep/unix/krt.c) keeps its own shadow of what it exported.
///
/// The caller states what it wants per prefix (<see cref="SetRoute"/>, <see cref="RemoveRoute"/>,
/// or the span forms); nothing reaches the kernel until <see cref="Flush"/>, which sends only the
/// difference, batched through <see cref="RtNetlinkClient.Apply"/>: an add (CREATE|EXCL) for a prefix
/// we do not hold, a replace for one we hold that changed, a delete (carrying our protocol) for one no
/// longer wanted. Adds are exclusive on purpose: a replace would overwrite another protocol's route of
/// the same prefix and metric, and we never touch those; such a clash is reported as EEXIST instead.
///
/// A refused change stays marked and is retried by a later flush after a back-off (doubling from
/// <see cref="FibSyncOptions.RetryInitial"/> up to <see cref="FibSyncOptions.RetryMax"/>, measured
/// on the injected <see cref="TimeProvider"/>); each refusal is reported with its errno and the
/// kernel's text. There are no timers or threads here: the owner calls Flush again.
///
/// <see cref="Reconcile"/> is for start-up (after a crash or a graceful restart): it dumps what the
/// kernel holds of our protocol in our table and converges, leaving routes that are already right
/// untouched rather than flushing and re-adding them.
///
/// Knows nothing of BGP. Not thread-safe: one owner, like the client it drives.
/// </summary>
public sealed partial class FibSync
{
    private enum Kind : byte { Add, Replace, ReplaceAdd, ReplaceDelete, Remove, StaleDelete }

    private readonly RtNetlinkClient client;
    private readonly TimeProvider time;
    private readonly FibSyncOptions options;
    private readonly Dictionary<InetPrefix, FibEntry> entries;
    private List<FibEntry> dirty = [];
    private List<FibEntry> spare = [];
    private readonly List<KernelRoute> staleExtras = [];

    // One chunk of requests for Apply, with who each belongs to and how it came about.
    private readonly RouteRequest[] requests;
    private readonly FibEntry?[] owners;
    private readonly Kind[] kinds;
    private readonly int[] errors;
    private readonly string?[] messages;
    private readonly List<RouteFailure> failures = [];
    private int chunkCount;

    public FibSync(RtNetlinkClient client, TimeProvider time, FibSyncOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(time);
        this.client = client;
        this.time = time;
        this.options = options ?? new FibSyncOptions();
        if (this.options.ChunkSize < 2) throw new ArgumentOutOfRangeException(nameof(options), "ChunkSize must be at least 2");
        entries = new Dictionary<InetPrefix, FibEntry>(this.options.ExpectedRoutes);
        dirty = new List<FibEntry>(this.options.ExpectedRoutes);
        Table = this.options.Table ?? client.Options.Table;
        Protocol = this.options.Protocol ?? client.Options.Protocol;
        var n = this.options.ChunkSize;
        requests = new RouteRequest[n];
        owners = new FibEntry?[n];
        kinds = new Kind[n];
        errors = new int[n];
        messages = new string?[n];
    }

    public uint Table { get; }
    public byte Protocol { get; }

    /// <summary>Prefixes we want installed.</summary>
    public int WantedCount { get; private set; }

    /// <summary>Routes of ours the kernel holds, as far as the acknowledgements (and the last reconcile) tell.</summary>
    public int InstalledCount { get; private set; }

    /// <summary>Prefixes whose kernel state differs from what is wanted (waiting for a flush or a retry).</summary>
    public int PendingCount => dirty.Count;

    /// <summary>Wants <paramref name="route"/> for its prefix, replacing any earlier wish. Its table and
    /// protocol must be 0 (filled in) or this sync's own.</summary>
    public void SetRoute(in KernelRoute route)
    {
        var wanted = RouteMatch.Normalize(route, Table, Protocol);
        // One hash lookup for both the find and the insert: a full table is a million of these.
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(entries, wanted.Destination, out _);
        var e = slot ??= new FibEntry(wanted.Destination);
        if (!e.Wanted) WantedCount++;
        else if (!RouteMatch.Same(e.Desired, wanted)) e.Attempts = 0; // a new wish is tried at once
        e.Desired = wanted;
        e.Wanted = true;
        e.Synced = e.IsInstalled && RouteMatch.Same(wanted, e.Installed);
        if (!e.Synced) Enqueue(e);
    }

    public void SetRoutes(ReadOnlySpan<KernelRoute> routes)
    {
        foreach (ref readonly var r in routes) SetRoute(r);
    }

    /// <summary>No longer wants a route for <paramref name="prefix"/>; returns false if none was wanted.</summary>
    public bool RemoveRoute(InetPrefix prefix)
    {
        if (!entries.TryGetValue(prefix, out var e) || !e.Wanted) return false;
        WantedCount--;
        e.Wanted = false;
        e.Desired = default;
        e.Attempts = 0;
        e.Synced = !e.IsInstalled;
        if (e.Synced && !e.Queued) entries.Remove(prefix);
        else if (!e.Synced) Enqueue(e);
        return true;
    }

    public void RemoveRoutes(ReadOnlySpan<InetPrefix> prefixes)
    {
        foreach (var p in prefixes) RemoveRoute(p);
    }

    /// <summary>The route we want for <paramref name="prefix"/>, as it will be sent.</summary>
    public bool TryGetWanted(InetPrefix prefix, out KernelRoute route)
    {
        var found = entries.TryGetValue(prefix, out var e) && e.Wanted;
        route = found ? e!.Desired : default;
        return found;
    }

    /// <summary>Drops every back-off so the next flush retries all refused changes at once (for example
    /// after an address or link change made unreachable gateways reachable).</summary>
    public void RetryNow()
    {
        foreach (var e in dirty) e.Attempts = 0;
    }

    /// <summary>
    /// Sends what differs between the wanted routes and the kernel, except changes still backing off.
    /// Never throws for a refused route; a broken socket throws <see cref="NetlinkException"/>.
    /// </summary>
    public FlushResult Flush()
    {
        var result = new FlushResult();
        FlushInto(result);
        return result;
    }

    private void FlushInto(FlushResult result)
    {
        var now = time.GetUtcNow();
        var work = dirty;
        dirty = spare;
        chunkCount = 0;

        foreach (var extra in staleExtras) AddRequest(RouteRequest.Delete(extra), null, Kind.StaleDelete, now, result);
        staleExtras.Clear();

        foreach (var e in work)
        {
            e.Queued = false;
            if (e.Synced)
            {
                if (!e.Wanted) entries.Remove(e.Prefix);
                continue;
            }
            if (e.Attempts > 0 && e.RetryAtTicks > now.UtcTicks)
            {
                result.Deferred++;
                Enqueue(e);
                continue;
            }
            if (e.Wanted && !e.IsInstalled) AddRequest(RouteRequest.Add(e.Desired), e, Kind.Add, now, result);
            else if (e.Wanted && e.Installed.Metric == e.Desired.Metric) AddRequest(RouteRequest.Replace(e.Desired), e, Kind.Replace, now, result);
            else if (e.Wanted)
            {
                // The kernel keys routes by prefix and metric: a new metric is a new route, so add it
                // first (no gap in forwarding) and then delete the old one.
                if (chunkCount > requests.Length - 2) ApplyChunk(now, result);
                AddRequest(RouteRequest.Add(e.Desired), e, Kind.ReplaceAdd, now, result);
                AddRequest(RouteRequest.Delete(e.Installed), e, Kind.ReplaceDelete, now, result);
            }
            else AddRequest(RouteRequest.Delete(e.Installed), e, Kind.Remove, now, result);
        }
        ApplyChunk(now, result);
        work.Clear();
        spare = work;
    }

    private void AddRequest(in RouteRequest request, FibEntry? owner, Kind kind, DateTimeOffset now, FlushResult result)
    {
        if (chunkCount == requests.Length) ApplyChunk(now, result);
        requests[chunkCount] = request;
        owners[chunkCount] = owner;
        kinds[chunkCount] = kind;
        chunkCount++;
    }

    private void ApplyChunk(DateTimeOffset now, FlushResult result)
    {
        var n = chunkCount;
        if (n == 0) return;
        chunkCount = 0;
        failures.Clear();
        client.Apply(requests.AsSpan(0, n), failures);
        Array.Clear(errors, 0, n);
        foreach (var f in failures)
        {
            errors[f.Index] = f.Error;
            messages[f.Index] = f.Message;
        }

        for (var i = 0; i < n; i++)
        {
            var e = owners[i];
            var error = errors[i];
            var kind = kinds[i];
            // A delete of a route that is already gone has reached its goal.
            if (error == Errno.ESRCH && kind is Kind.Remove or Kind.ReplaceDelete or Kind.StaleDelete) error = 0;
            switch (kind)
            {
                case Kind.StaleDelete:
                    if (error == 0) result.Removed++;
                    else result.Failures.Add(new FibFailure(requests[i].Route.Destination, RouteOperation.Delete, error, messages[i], 1, now));
                    break;
                case Kind.ReplaceDelete:
                    // The new route went in (or its failure was handled with the add); an old route we
                    // could not delete is reported, and a reconciliation would find it.
                    if (error != 0) result.Failures.Add(new FibFailure(e!.Prefix, RouteOperation.Delete, error, messages[i], 1, now));
                    break;
                default:
                    if (error == 0) Succeeded(e!, kind, result);
                    else Refused(e!, requests[i].Operation, error, messages[i], now, result);
                    break;
            }
            owners[i] = null;
            messages[i] = null;
            requests[i] = default;
        }
    }

    private void Succeeded(FibEntry e, Kind kind, FlushResult result)
    {
        e.Attempts = 0;
        e.Synced = true;
        if (kind == Kind.Remove)
        {
            e.IsInstalled = false;
            e.Installed = default;
            InstalledCount--;
            entries.Remove(e.Prefix);
            result.Removed++;
            return;
        }
        if (kind == Kind.Add) result.Added++;
        else result.Replaced++;
        if (!e.IsInstalled) InstalledCount++;
        e.IsInstalled = true;
        e.Installed = e.Desired;
    }

    private void Refused(FibEntry e, RouteOperation operation, int error, string? message, DateTimeOffset now, FlushResult result)
    {
        e.Attempts++;
        var retryAt = now + Backoff(e.Attempts);
        e.RetryAtTicks = retryAt.UtcTicks;
        result.Failures.Add(new FibFailure(e.Prefix, operation, error, message, e.Attempts, retryAt));
        Enqueue(e);
    }

    /// <summary>RetryInitial * 2^(attempts-1), at most RetryMax.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var initial = options.RetryInitial.Ticks;
        var max = options.RetryMax.Ticks;
        var shift = Math.Min(attempts - 1, 40);
        return TimeSpan.FromTicks(initial > max >> shift ? max : Math.Min(initial << shift, max));
    }

    private void Enqueue(FibEntry e)
    {
        if (e.Queued) return;
        e.Queued = true;
        dirty.Add(e);
    }
}
