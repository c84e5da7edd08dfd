using System.Diagnostics;
using System.Globalization;
using Bgp.KernelBench;
using Bgp.Netlink;
using Bgp.Netlink.Sync;

// Usage (inside a prepared namespace, see run.sh): KernelBench MODE N4 N6
//   fibsync | bare | ipbatch | bird
// Prints one line: MODE n4 n6 v4_seconds v6_seconds total_seconds
if (args.Length != 3) { Console.Error.WriteLine("usage: KernelBench fibsync|bare|ipbatch|bird N4 N6"); return 2; }
var mode = args[0];
var n4 = int.Parse(args[1], CultureInfo.InvariantCulture);
var n6 = int.Parse(args[2], CultureInfo.InvariantCulture);
if (n4 > 1 << 20) { Console.Error.WriteLine("N4 at most 1048576"); return 2; }

using var client = RtNetlinkClient.Open(new NetlinkOptions { Table = 254 });
var base4 = Counter.Ipv4Prefixes();
var base6 = Counter.Ipv6Routes(client);
double t4, t6, total;

switch (mode)
{
    case "fibsync":
    {
        // Timed from the first SetRoute to the last acknowledgement: what a RIB handing over a full
        // table pays (the shadow FIB's bookkeeping included), per family.
        var v4 = new KernelRoute[n4];
        for (var i = 0; i < n4; i++) v4[i] = Workload.V4(i);
        var v6 = new KernelRoute[n6];
        for (var i = 0; i < n6; i++) v6[i] = Workload.V6(i);
        var sync = new FibSync(client, TimeProvider.System, new FibSyncOptions { ExpectedRoutes = n4 + n6 });
        var sw = Stopwatch.StartNew();
        sync.SetRoutes(v4);
        var set4 = sw.Elapsed.TotalSeconds;
        var r4 = sync.Flush();
        t4 = sw.Elapsed.TotalSeconds;
        sync.SetRoutes(v6);
        var set6 = sw.Elapsed.TotalSeconds - t4;
        var r6 = sync.Flush();
        total = sw.Elapsed.TotalSeconds;
        t6 = total - t4;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fibsync split: SetRoutes {set4:F3} s + Flush {t4 - set4:F3} s (IPv4), SetRoutes {set6:F3} s + Flush {t6 - set6:F3} s (IPv6)"));
        if (r4.Failures.Count + r6.Failures.Count != 0) throw new InvalidOperationException("refused: " + r4.Failures.Concat(r6.Failures).First());
        break;
    }
    case "bare":
    {
        // The physical limit: pre-built add requests straight into Apply.
        var v4 = new RouteRequest[n4];
        for (var i = 0; i < n4; i++) v4[i] = RouteRequest.Add(Workload.V4(i));
        var v6 = new RouteRequest[n6];
        for (var i = 0; i < n6; i++) v6[i] = RouteRequest.Add(Workload.V6(i));
        var failures = new List<RouteFailure>();
        var sw = Stopwatch.StartNew();
        client.Apply(v4, failures);
        t4 = sw.Elapsed.TotalSeconds;
        client.Apply(v6, failures);
        total = sw.Elapsed.TotalSeconds;
        t6 = total - t4;
        if (failures.Count != 0) throw new InvalidOperationException("refused: " + failures[0]);
        break;
    }
    case "ipbatch":
    {
        var f4 = Path.Combine(Path.GetTempPath(), "kbench-" + Environment.ProcessId + ".v4");
        var f6 = Path.Combine(Path.GetTempPath(), "kbench-" + Environment.ProcessId + ".v6");
        try
        {
            using (var w = new StreamWriter(f4))
                for (var i = 0; i < n4; i++) w.WriteLine("route add " + Workload.V4Text(i) + " via 10.0.0.2 proto 186");
            using (var w = new StreamWriter(f6))
                for (var i = 0; i < n6; i++) w.WriteLine("route add " + Workload.V6Text(i) + " via fd00:1::2 proto 186");
            var sw = Stopwatch.StartNew();
            Run("ip", "-4", "-batch", f4);
            t4 = sw.Elapsed.TotalSeconds;
            Run("ip", "-6", "-batch", f6);
            total = sw.Elapsed.TotalSeconds;
            t6 = total - t4;
        }
        finally
        {
            File.Delete(f4);
            File.Delete(f6);
        }
        break;
    }
    case "bird":
    {
        // BIRD 2: one static protocol per family holding every route, exported by the kernel protocol.
        // Timed from starting bird (config parsing included) until the kernel holds every route.
        var dir = Directory.CreateTempSubdirectory("kbench-bird-").FullName;
        var conf = Path.Combine(dir, "bird.conf");
        using (var w = new StreamWriter(conf))
        {
            w.WriteLine("router id 10.0.0.1;\nprotocol device { }");
            w.WriteLine("protocol kernel k4 { ipv4 { import none; export all; }; }");
            w.WriteLine("protocol kernel k6 { ipv6 { import none; export all; }; }");
            w.WriteLine("protocol static s4 { ipv4;");
            for (var i = 0; i < n4; i++) w.WriteLine("  route " + Workload.V4Text(i) + " via 10.0.0.2;");
            w.WriteLine("}\nprotocol static s6 { ipv6;");
            for (var i = 0; i < n6; i++) w.WriteLine("  route " + Workload.V6Text(i) + " via fd00:1::2;");
            w.WriteLine("}");
        }
        var psi = new ProcessStartInfo("bird", ["-f", "-c", conf, "-s", Path.Combine(dir, "bird.ctl"), "-P", Path.Combine(dir, "bird.pid")]);
        var sw = Stopwatch.StartNew();
        using var bird = Process.Start(psi)!;
        t4 = t6 = -1;
        try
        {
            var timeout = TimeSpan.FromSeconds(30 + (n4 + n6) / 2000);
            while (t4 < 0 || t6 < 0)
            {
                if (bird.HasExited) throw new InvalidOperationException("bird exited with " + bird.ExitCode);
                if (sw.Elapsed > timeout) throw new TimeoutException("bird did not install every route in " + timeout);
                Thread.Sleep(20);
                if (t4 < 0 && Counter.Ipv4Prefixes() - base4 >= n4) t4 = sw.Elapsed.TotalSeconds;
                // A dump of the IPv6 table costs more; look only every ~200 ms and once IPv4 is done.
                if (t6 < 0 && (t4 >= 0 || sw.ElapsedMilliseconds % 200 < 20) && Counter.Ipv6Routes(client) - base6 >= n6) t6 = sw.Elapsed.TotalSeconds;
            }
            total = Math.Max(t4, t6);
        }
        finally
        {
            bird.Kill(); // only the bird we started, by its process id
            bird.WaitForExit();
            Directory.Delete(dir, true);
        }
        break;
    }
    default:
        Console.Error.WriteLine("unknown mode " + mode);
        return 2;
}

var got4 = Counter.Ipv4Prefixes() - base4;
var got6 = Counter.Ipv6Routes(client) - base6;
if (got4 != n4 || got6 != n6) throw new InvalidOperationException($"kernel holds {got4}/{n4} IPv4 and {got6}/{n6} IPv6 routes");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode} {n4} {n6} {t4:F3} {t6:F3} {total:F3}"));
return 0;

static void Run(string file, params string[] arguments)
{
    using var p = Process.Start(new ProcessStartInfo(file, arguments))!;
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException(file + " " + string.Join(' ', arguments) + " exited with " + p.ExitCode);
}
