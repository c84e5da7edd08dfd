namespace Bgp.Netlink.Sync;

/// <summary>Settings of a <see cref="FibSync"/>.</summary>
public sealed record FibSyncOptions
{
    /// <summary>The table our routes live in; null: the client's <see cref="NetlinkOptions.Table"/>.</summary>
    public uint? Table { get; init; }

    /// <summary>Our rtm_protocol; null: the client's <see cref="NetlinkOptions.Protocol"/>. Only routes
    /// of this protocol are ever changed or removed.</summary>
    public byte? Protocol { get; init; }

    /// <summary>Wait before the first retry of a refused change; doubled on each further refusal.</summary>
    public TimeSpan RetryInitial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the wait between retries.</summary>
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Requests built and handed to <see cref="RtNetlinkClient.Apply"/> per call, bounding the
    /// request array a flush of a full table needs.</summary>
    public int ChunkSize { get; init; } = 65_536;

    /// <summary>Routes expected (a full table), so the shadow FIB does not rehash while it fills.</summary>
    public int ExpectedRoutes { get; init; }
}
