using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Load;

/// <summary>
/// Sends flaps (see <see cref="Flaps"/>) at a fixed rate on one session, one prefix per UPDATE, and logs
/// "seq kind k t" per flap (kind A or W, t = <see cref="Clock.Mono"/> just before the write that carries it).
/// Pacing: whatever the rate says is due by now goes out in one write, then the sender sleeps about a
/// millisecond, so a loaded machine sends small bursts instead of falling behind.
/// </summary>
public static class ChurnSender
{
    public static async Task<int> RunAsync(LoadSession session, uint localAs, IPAddress nextHop, int rate, double seconds, int prefixes, string logPath)
    {
        var options = CodecOptions.FourOctet;
        int total = (int)(rate * seconds);
        var log = new StringBuilder(total * 24);
        var c = CultureInfo.InvariantCulture;
        var path = AsPath.FromSequence([localAs, 64512]);
        using var batch = new MemoryStream();
        double start = Clock.Mono();
        int n = 0;
        while (n < total && session.Failure is null)
        {
            int due = Math.Min(total, (int)((Clock.Mono() - start) * rate) + 1);
            if (due <= n)
            {
                await Task.Delay(1).ConfigureAwait(false);
                continue;
            }
            batch.SetLength(0);
            int from = n;
            for (; n < due; n++)
            {
                int k = n % prefixes;
                bool announce = n / prefixes % 2 == 0;
                var nlri = ImmutableArray.Create(new Nlri(Flaps.Prefix(k)));
                var u = announce
                    ? new UpdateMessage
                    {
                        Attributes = new PathAttributes
                        {
                            Origin = Origin.Igp,
                            AsPath = path,
                            NextHop = nextHop,
                            LargeCommunities = [new LargeCommunity(localAs, Flaps.SeqTag, (uint)n)],
                        },
                        Nlri = nlri,
                    }
                    : new UpdateMessage { Withdrawn = nlri };
                batch.Write(BgpEncoder.ToArray(u, options));
            }
            double t = Clock.Mono();
            for (int i = from; i < n; i++)
                log.Append(c, $"{i} {(i / prefixes % 2 == 0 ? 'A' : 'W')} {i % prefixes} {t:F6}\n");
            await session.SendAsync(batch.ToArray(), CancellationToken.None).ConfigureAwait(false);
        }
        // Written whole at the end: the script waits for the file, so it never reads half a log.
        await File.WriteAllTextAsync(logPath + ".tmp", log.ToString()).ConfigureAwait(false);
        File.Move(logPath + ".tmp", logPath, overwrite: true);
        return n;
    }
}
