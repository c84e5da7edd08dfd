using System.Buffers;
using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Load;

/// <summary>
/// One session's UPDATEs, encoded before the clock starts: every group of the session's families with
/// the generator's AS prepended (eBGP) or LOCAL_PREF 100 (iBGP), the session's next hop, then End-of-RIB
/// per family. <see cref="Chunks"/> cut the stream on message boundaries every 256 KiB so KEEPALIVEs can be
/// slipped in between writes without splitting a message.
/// </summary>
public sealed class UpdateStream
{
    private const int ChunkSize = 256 * 1024;

    public List<ReadOnlyMemory<byte>> Chunks { get; } = [];
    public int Messages { get; private set; }
    public int Prefixes4 { get; private set; }
    public int Prefixes6 { get; private set; }
    public long Bytes { get; private set; }

    public static UpdateStream Encode(IEnumerable<RouteGroup> groups, SessionSpec spec, uint localAs, IPAddress? nh4, IPAddress? nh6)
    {
        var options = CodecOptions.FourOctet;
        var s = new UpdateStream();
        var w = new ArrayBufferWriter<byte>(1 << 20);
        bool ibgp = spec.PeerAs == localAs;
        byte[] mpNextHop6 = nh6 is null ? [] : BgpEncoder.NextHopBytes(nh6);
        int cut = 0;
        foreach (var g in groups)
        {
            if (!spec.Carries(g.Family)) continue;
            bool v4 = g.Family == AfiSafi.Ipv4Unicast;
            if (v4 && nh4 is null) throw new ArgumentException($"session {spec}: IPv4 routes need an IPv4 next hop (--nh4)");
            if (!v4 && nh6 is null) throw new ArgumentException($"session {spec}: IPv6 routes need an IPv6 next hop (--nh6)");
            var attrs = g.Attributes with
            {
                AsPath = ibgp ? g.Attributes.AsPath ?? AsPath.Empty : Prepend(localAs, g.Attributes.AsPath),
                NextHop = v4 ? nh4 : null,
                LocalPref = ibgp ? 100u : null,
            };
            s.Messages += UpdatePacker.WriteAnnouncements(w, g.Family, attrs, g.Routes, v4 ? [] : mpNextHop6, options);
            if (v4) s.Prefixes4 += g.Routes.Length; else s.Prefixes6 += g.Routes.Length;
            if (w.WrittenCount - cut >= ChunkSize)
            {
                s.Chunks.Add(w.WrittenMemory[cut..]);
                cut = w.WrittenCount;
            }
        }
        foreach (var f in spec.Families)
        {
            BgpEncoder.Write(UpdateMessage.EndOfRibFor(f), w, options);
            s.Messages++;
        }
        s.Chunks.Add(w.WrittenMemory[cut..]);
        s.Bytes = w.WrittenCount;
        return s;
    }

    private static AsPath Prepend(uint asn, AsPath? path)
    {
        var segments = path?.Segments ?? [];
        if (!segments.IsEmpty && segments[0].Type == AsPathSegmentType.AsSequence && segments[0].Asns.Length < 255)
            return new AsPath(segments.SetItem(0, new AsPathSegment(AsPathSegmentType.AsSequence, segments[0].Asns.Insert(0, asn))));
        return new AsPath(segments.Insert(0, new AsPathSegment(AsPathSegmentType.AsSequence, ImmutableArray.Create(asn))));
    }
}
