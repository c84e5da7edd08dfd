namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// Polls a condition with a bounded timeout instead of sleeping a fixed time: sessions come up in one
/// to three seconds here, so a test waits only as long as it has to.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Reads <paramref name="probe"/> until <paramref name="done"/> holds and returns that value; throws
    /// a <see cref="TimeoutException"/> carrying the last value (or error) seen.
    /// </summary>
    public static async Task<T> WaitAsync<T>(string what, Func<CancellationToken, Task<T>> probe, Func<T, bool> done, CancellationToken ct, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var start = TimeProvider.System.GetTimestamp();
        string last = "nothing";
        while (true)
        {
            try
            {
                var value = await probe(ct).ConfigureAwait(false);
                if (done(value)) return value;
                last = value?.ToString() ?? "null";
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or FormatException or System.Text.Json.JsonException)
            {
                last = e.Message;
            }
            if (TimeProvider.System.GetElapsedTime(start) > limit)
                throw new TimeoutException($"{what}: not reached within {limit.TotalSeconds} s; last seen: {last}");
            await Task.Delay(Interval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Watches <paramref name="probe"/> for the whole <paramref name="window"/> and fails as soon as
    /// <paramref name="forbidden"/> holds: for "the session never comes up" checks.
    /// </summary>
    public static async Task NeverAsync<T>(string what, Func<CancellationToken, Task<T>> probe, Func<T, bool> forbidden, TimeSpan window, CancellationToken ct)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(start) < window)
        {
            var value = await probe(ct).ConfigureAwait(false);
            if (forbidden(value)) throw new InvalidOperationException($"{what}: happened: {value}");
            await Task.Delay(Interval, ct).ConfigureAwait(false);
        }
    }
}
