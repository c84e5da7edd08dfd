using System.Diagnostics;
using System.Globalization;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Load;

/// <summary>
/// <c>BgpLoad walk-bench --ipv4 N --ipv6 N --sessions S</c>: the receiver's cost per prefix without sockets,
/// on workload 3's stream (the seeded synthetic table, one iBGP session per client, each with its own next
/// hop): every session's UPDATEs through the full decode (<see cref="ReceiverCounts.Apply(UpdateMessage)"/>)
/// and then through the walk, timed by this thread's CPU time so a busy machine inflates neither much.
/// </summary>
public static class WalkBench
{
    public static int Run(Args a)
    {
        int v4 = a.Int("ipv4", 100_000), v6 = a.Int("ipv6", 0), sessions = a.Int("sessions", 50);
        var groups = SyntheticTable.Build(a.Int("seed", 4271), v4, v6);
        var streams = new List<byte[]>();
        for (int i = 0; i < sessions; i++)
        {
            var local = IPAddress.Parse($"10.0.3.{10 + i % 200}");
            var spec = new SessionSpec(local, IPAddress.Parse("10.0.3.1"), 65001, [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast], true);
            var st = UpdateStream.Encode(groups, spec, 65001, local, IPAddress.Parse($"fd00:3::{10 + i:x}"));
            var all = new List<byte>();
            foreach (var c in st.Chunks) all.AddRange(c.ToArray());
            streams.Add([.. all]);
        }
        long prefixes = (long)(v4 + v6) * sessions;
        // One pass of each first: JIT tiers and the verdicts of the walk's first pass are not the steady state.
        Time(streams.GetRange(0, 2), decode: true, out _);
        Time(streams.GetRange(0, 2), decode: false, out _);
        double slow = Time(streams, decode: true, out long n1);
        double fast = Time(streams, decode: false, out long n2);
        if (n1 != prefixes || n2 != prefixes) throw new InvalidOperationException($"held {n1} and {n2}, want {prefixes}");
        var c2 = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c2, $"{{\"prefixes\":{prefixes},\"decode_ns_per_prefix\":{slow * 1e9 / prefixes:F1},\"walk_ns_per_prefix\":{fast * 1e9 / prefixes:F1},\"verdicts\":{AttributeVerdicts.Count}}}"));
        return 0;
    }

    private static double Time(List<byte[]> streams, bool decode, out long held)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        held = 0;
        foreach (var bytes in streams)
        {
            var rc = new ReceiverCounts(0, 0);
            int at = 0;
            while (at < bytes.Length)
            {
                int len = bytes[at + 16] << 8 | bytes[at + 17];
                var m = bytes.AsSpan(at, len);
                if (decode) rc.Apply((UpdateMessage)BgpDecoder.Decode(m, CodecOptions.FourOctet).Message!);
                else
                {
                    rc.Apply(m, out string? problem);
                    if (problem is not null) throw new InvalidOperationException(problem);
                }
                at += len;
            }
            held += rc.V4.Count + rc.V6.Count;
        }
        return Math.Min(sw.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }
}
