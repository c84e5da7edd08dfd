using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bgp.Protocol;

namespace Bgp.Load;

/// <summary>
/// <c>BgpLoad gen ...</c>: builds a table (seeded synthetic or an MRT RIB dump), encodes every session's
/// UPDATEs, brings the sessions up, then writes as fast as the peer reads and prints one JSON line;
/// it stays up (answering KEEPALIVEs) until killed, since closing would withdraw the table.
/// <c>BgpLoad recv ...</c>: brings its sessions up, touches --ready-file, counts what arrives and prints one
/// JSON line once every session holds --expect4/--expect6 prefixes (or at --timeout, with complete=false).
/// </summary>
internal static class Program
{
    private static readonly string[] GenKeys = ["as", "router-id", "session", "ipv4", "ipv6", "seed", "mrt", "nh4", "nh6", "hold", "split", "up-timeout",
        "vary-paths", "churn-rate", "churn-seconds", "churn-prefixes", "churn-wait", "churn-log", "connect-burst"];
    private static readonly string[] RecvKeys = ["as", "router-id", "session", "expect4", "expect6", "timeout", "ready-file", "hold",
        "check-best", "flaps", "flap-log", "loaded-file", "flap-quiet", "connect-burst"];

    private static async Task<int> Main(string[] args)
    {
        try
        {
            if (args.Length > 0 && args[0] == "gen") return await GenerateAsync(new Args(args.Skip(1), GenKeys)).ConfigureAwait(false);
            if (args.Length > 0 && args[0] == "walk-bench") return WalkBench.Run(new Args(args.Skip(1), "ipv4", "ipv6", "sessions", "seed"));
            if (args.Length > 0 && args[0] == "recv") return await ReceiveAsync(new Args(args.Skip(1), RecvKeys)).ConfigureAwait(false);
            Console.Error.WriteLine("usage: BgpLoad gen|recv --as N --router-id A --session LOCAL,REMOTE,PEER_AS,ipv4[+ipv6],active|passive ...");
            return 2;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"bgpload: {e.Message}");
            return 2;
        }
    }

    private static List<LoadSession> Sessions(Args a)
    {
        uint asn = a.UInt("as", 0);
        var rid = IPAddress.Parse(a.Get("router-id") ?? throw new ArgumentException("--router-id is required"));
        ushort hold = (ushort)a.Int("hold", 90);
        SessionSet.MaxConnecting = a.Int("connect-burst", SessionSet.MaxConnecting);
        var list = new List<LoadSession>();
        foreach (var s in a.All("session")) list.Add(new LoadSession(SessionSpec.Parse(s), asn, rid, hold));
        if (list.Count == 0) throw new ArgumentException("at least one --session");
        return list;
    }

    private static async Task<int> GenerateAsync(Args a)
    {
        var sessions = Sessions(a);
        uint asn = a.UInt("as", 0);
        var sw = Stopwatch.StartNew();
        var groups = a.Get("mrt") is { } mrt
            ? MrtTable.Load(mrt, a.Int("ipv4", 0), a.Int("ipv6", 0))
            : SyntheticTable.Build(a.Int("seed", 4271), a.Int("ipv4", 1_050_000), a.Int("ipv6", 240_000));
        double build = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var streams = new UpdateStream[sessions.Count];
        bool split = a.Get("split") == "1";
        // --vary-paths 1: the sessions carrying the same families are the generators of those families
        // (an IPv4 and an IPv6 session from one host have different local addresses, so not those).
        bool vary = a.Get("vary-paths") == "1";
        for (int i = 0; i < sessions.Count; i++)
        {
            var spec = sessions[i].Spec;
            var nh4 = a.Get("nh4") is { } n4 ? IPAddress.Parse(n4) : spec.Local.AddressFamily == AddressFamily.InterNetwork ? spec.Local : null;
            var nh6 = a.Get("nh6") is { } n6 ? IPAddress.Parse(n6) : spec.Local.AddressFamily == AddressFamily.InterNetworkV6 ? spec.Local : null;
            // --split 1: the routes are dealt round-robin to the sessions (many peers, a few routes each),
            // keeping each group's attributes.
            int index = i, count = sessions.Count;
            var mine = split
                ? groups.Select((g, gi) => g with { Routes = g.Routes.Where((_, r) => (r + gi) % count == index).ToArray() })
                    .Where(g => g.Routes.Length > 0)
                : groups;
            if (vary)
            {
                string fams = string.Join('+', spec.Families);
                int gen = sessions.Take(i).Count(x => string.Join('+', x.Spec.Families) == fams);
                int of = sessions.Count(x => string.Join('+', x.Spec.Families) == fams);
                mine = mine.Select((g, gi) => PathVariants.Pad(g, gi, gen, of));
            }
            streams[i] = UpdateStream.Encode(mine, spec, asn, nh4, nh6);
        }
        double encode = sw.Elapsed.TotalSeconds;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(a.Int("up-timeout", 180)));
        try
        {
            await SessionSet.EstablishAllAsync(sessions, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            int down = sessions.Count(s => !s.Established);
            Console.Error.WriteLine($"bgpload: {down} of {sessions.Count} sessions not established after --up-timeout; first: {sessions.First(s => !s.Established).Spec}");
            return 3;
        }

        double first = Clock.Now();
        var sends = new Task[sessions.Count];
        for (int i = 0; i < sessions.Count; i++)
        {
            var (s, st) = (sessions[i], streams[i]);
            sends[i] = Task.Run(async () =>
            {
                foreach (var chunk in st.Chunks) await s.SendAsync(chunk, CancellationToken.None).ConfigureAwait(false);
            });
        }
        await Task.WhenAll(sends).ConfigureAwait(false);
        double written = Clock.Now();

        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"{{\"role\":\"gen\",\"sessions\":{sessions.Count},\"groups\":{groups.Count}");
        sb.Append(c, $",\"ipv4\":{streams.Sum(x => (long)x.Prefixes4)},\"ipv6\":{streams.Sum(x => (long)x.Prefixes6)}");
        sb.Append(c, $",\"messages\":{streams.Sum(x => (long)x.Messages)},\"bytes\":{streams.Sum(x => x.Bytes)}");
        sb.Append(c, $",\"build_s\":{build:F3},\"encode_s\":{encode:F3},\"t_first\":{first:F6},\"t_written\":{written:F6}}}");
        Console.WriteLine(sb.ToString());
        await Console.Out.FlushAsync().ConfigureAwait(false);

        if (a.Int("churn-rate", 0) is int rate and > 0)
        {
            // Churn (workload 4): once the script says the receiver holds the table, flap at a fixed rate.
            string wait = a.Get("churn-wait") ?? throw new ArgumentException("--churn-rate needs --churn-wait FILE");
            string log = a.Get("churn-log") ?? throw new ArgumentException("--churn-rate needs --churn-log FILE");
            // Default: as many flap prefixes as flaps per second, so each prefix is announced, withdrawn
            // a second later, announced again a second after that... at every rate.
            int k = Math.Clamp(a.Int("churn-prefixes", rate), 1, Flaps.MaxPrefixes);
            var s4 = sessions.First(x => x.Spec.Carries(AfiSafi.Ipv4Unicast));
            var nh = s4.Spec.Local.AddressFamily == AddressFamily.InterNetwork ? s4.Spec.Local
                : IPAddress.Parse(a.Get("nh4") ?? throw new ArgumentException("churn on an IPv6 session needs --nh4"));
            while (!File.Exists(wait)) await Task.Delay(50).ConfigureAwait(false);
            int sent = await ChurnSender.RunAsync(s4, asn, nh, rate, a.Int("churn-seconds", 10), k, log).ConfigureAwait(false);
            Console.Error.WriteLine($"bgpload: churn sent {sent} flaps");
        }

        // Stay up: the peer must keep the routes. The script ends this process by its PID.
        while (sessions.Any(s => s.Failure is null)) await Task.Delay(500).ConfigureAwait(false);
        return 1;
    }

    private static async Task<int> ReceiveAsync(Args a)
    {
        var sessions = Sessions(a);
        int expect4 = a.Int("expect4", 0), expect6 = a.Int("expect6", 0);
        var counts = new Dictionary<LoadSession, ReceiverCounts>();
        bool checkBest = a.Get("check-best") == "1";
        int expectFlaps = a.Int("flaps", 0);
        var flapLog = expectFlaps > 0 ? new FlapLog() : null;
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int remaining = sessions.Count;
        // Several sessions expecting the same table (workload 3's clients) share one index of its prefixes.
        var index4 = sessions.Count > 1 && expect4 > 0 ? new PrefixIndex(expect4) : null;
        var index6 = sessions.Count > 1 && expect6 > 0 ? new PrefixIndex(expect6) : null;
        foreach (var s in sessions)
        {
            var rc = new ReceiverCounts(s.Spec.Carries(AfiSafi.Ipv4Unicast) ? expect4 : 0, s.Spec.Carries(AfiSafi.Ipv6Unicast) ? expect6 : 0, checkBest, flapLog,
                index4, index6);
            counts[s] = rc;
            s.OnRawUpdate = (_, m) =>
            {
                if (rc.Apply(m, out string? problem) && Interlocked.Decrement(ref remaining) == 0) loaded.TrySetResult();
                if (loaded.Task.IsCompleted && (flapLog is null || flapLog.Count >= expectFlaps)) done.TrySetResult();
                return problem;
            };
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(a.Int("timeout", 300)));
        double up = 0;
        try
        {
            // Passive sessions need the other side started: say ready once listening (it retries connects).
            string? ready = a.Get("ready-file");
            bool anyPassive = sessions.Any(s => !s.Spec.Active);
            var up4 = SessionSet.EstablishAllAsync(sessions, timeout.Token);
            if (anyPassive && ready is not null) await File.WriteAllTextAsync(ready, "listening\n").ConfigureAwait(false);
            await up4.ConfigureAwait(false);
            up = Clock.Now();
            if (!anyPassive && ready is not null) await File.WriteAllTextAsync(ready, "ready\n").ConfigureAwait(false);
            // A failed session can never complete: stop waiting for it.
            while (!loaded.Task.IsCompleted && !timeout.IsCancellationRequested && sessions.All(s => s.Failure is null))
                await Task.WhenAny(loaded.Task, Task.Delay(200, timeout.Token)).ConfigureAwait(false);
            if (loaded.Task.IsCompleted && a.Get("loaded-file") is { } lf) await File.WriteAllTextAsync(lf, "loaded\n").ConfigureAwait(false);
            // Churn: wait for every flap; a DUT that merged a withdrawal with the next announcement never
            // sends as many, so also end once no flap arrived for --flap-quiet seconds.
            double quiet = a.Int("flap-quiet", 10);
            while (loaded.Task.IsCompleted && !done.Task.IsCompleted && !timeout.IsCancellationRequested && sessions.All(s => s.Failure is null)
                   && !(flapLog is { Count: > 0 } && Clock.Mono() - flapLog.Last > quiet))
                await Task.WhenAny(done.Task, Task.Delay(200, timeout.Token)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) { }
        catch (IOException e) { Console.Error.WriteLine($"bgpload: {e.Message}"); }

        var c = CultureInfo.InvariantCulture;
        var all = counts.Values;
        var failures = sessions.Where(s => s.Failure is not null).Select(s => $"\"{s.Spec}: {s.Failure!.Replace("\"", "'", StringComparison.Ordinal)}\"");
        var sb = new StringBuilder();
        sb.Append(c, $"{{\"role\":\"recv\",\"sessions\":{sessions.Count},\"complete\":{(done.Task.IsCompleted ? "true" : "false")}");
        // Minimum over the sessions that carry the family (an IPv4-only session holds no IPv6).
        int min4 = sessions.Where(s => s.Spec.Carries(AfiSafi.Ipv4Unicast)).Select(s => counts[s].V4.Count).DefaultIfEmpty(0).Min();
        int min6 = sessions.Where(s => s.Spec.Carries(AfiSafi.Ipv6Unicast)).Select(s => counts[s].V6.Count).DefaultIfEmpty(0).Min();
        sb.Append(c, $",\"ipv4_min\":{min4},\"ipv6_min\":{min6}");
        sb.Append(c, $",\"ipv4_total\":{all.Sum(x => (long)x.V4.Count)},\"ipv6_total\":{all.Sum(x => (long)x.V6.Count)}");
        sb.Append(c, $",\"announced\":{all.Sum(x => x.Announced)},\"withdrawn\":{all.Sum(x => x.Withdrawn)},\"eor\":{all.Sum(x => x.EndOfRibs)}");
        double firsts = all.Where(x => x.FirstUpdate > 0).Select(x => x.FirstUpdate).DefaultIfEmpty(0).Min();
        sb.Append(c, $",\"t_up\":{up:F6},\"t_first\":{firsts:F6},\"t_last\":{all.Max(x => x.Complete > 0 ? x.Complete : x.LastUpdate):F6}");
        if (flapLog is not null)
        {
            sb.Append(c, $",\"flaps_expected\":{expectFlaps},\"flaps_seen\":{flapLog.Count}");
            if (a.Get("flap-log") is { } fl) flapLog.Write(fl);
        }
        if (checkBest) sb.Append(c, $",\"not_best\":{all.Sum(x => (long)x.NotBest.Count)}");
        sb.Append(c, $",\"loaded\":{(loaded.Task.IsCompleted ? "true" : "false")}");
        sb.Append(c, $",\"failures\":[{string.Join(',', failures)}]}}");
        Console.WriteLine(sb.ToString());
        await Console.Out.FlushAsync().ConfigureAwait(false);
        foreach (var s in sessions) s.Dispose();
        return done.Task.IsCompleted ? 0 : 1;
    }
}
