using System.Collections.Immutable;
using System.Text.Json;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Testing;

namespace Bgp.Protocol.Tests.Corpus;

/// <summary>
/// The session context a receiver would have when each corpus message arrived: the OPENs seen so far
/// in the same TCP conversation (or MRT peer pair), from which the wire options follow (RFC 6793 4-octet
/// AS when both sides announced capability 65, or the one OPEN seen says so; RFC 7911 path identifiers
/// for a family only when both OPENs are there and the sender announced Send and the receiver Receive:
/// one side's wish negotiates nothing, and the corpus agrees, e.g. tcpdump__bgp-role and the Quagga MRT
/// dump carry plain NLRI after a lone OPEN offering ADD-PATH). Where a capture starts after the OPENs
/// there is no context, so the options are inferred the way a reader of a mid-session capture must: each
/// plausible choice in turn, the first that decodes cleanly winning.
/// </summary>
internal sealed class CorpusSession
{
    private static readonly AfiSafi[] UnicastFamilies = [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast];

    // TCP captures: conversation -> sending endpoint -> its latest OPEN.
    private readonly Dictionary<string, Dictionary<string, OpenMessage>> _byEndpoint = new(StringComparer.Ordinal);
    // MRT dumps record what the collector received: conversation -> the peer's latest OPEN.
    private readonly Dictionary<string, OpenMessage> _mrt = new(StringComparer.Ordinal);

    public void Record(CorpusMessage message, OpenMessage open)
    {
        if (message.FromMrt)
        {
            _mrt[message.Conversation] = open;
            return;
        }
        if (!_byEndpoint.TryGetValue(message.Conversation, out var map))
            _byEndpoint[message.Conversation] = map = new Dictionary<string, OpenMessage>(StringComparer.Ordinal);
        map[message.Source] = open;
    }

    /// <summary>The options to try, best first; a single entry when the OPENs settle the question.</summary>
    public IReadOnlyList<CodecOptions> OptionsFor(CorpusMessage message)
    {
        if (message.FromMrt) return [MrtOptions(message)];

        _byEndpoint.TryGetValue(message.Conversation, out var map);
        OpenMessage? sender = null, receiver = null;
        map?.TryGetValue(message.Source, out sender);
        map?.TryGetValue(message.Destination, out receiver);
        if (sender is not null || receiver is not null)
        {
            bool fourOctet = (sender?.Has(CapabilityCode.FourOctetAs) ?? true) && (receiver?.Has(CapabilityCode.FourOctetAs) ?? true);
            ImmutableArray<AfiSafi> addPath = sender is not null && receiver is not null ? AddPathFamilies(sender, receiver) : [];
            return [new CodecOptions { FourOctetAs = fourOctet, AddPathReceive = addPath }];
        }

        // No OPEN: tshark's own 2/4-octet guess first (it looked at the AS_PATH), then the other size;
        // without path identifiers first (the RFC 4271 default), then with them.
        bool fourFirst = AsSizeHint(message.Expected) != 2;
        var candidates = new List<CodecOptions>(4);
        foreach (bool addPath in (bool[])[false, true])
        {
            foreach (bool four in (bool[])[fourFirst, !fourFirst])
                candidates.Add(new CodecOptions { FourOctetAs = four, AddPathReceive = addPath ? [.. UnicastFamilies] : [] });
        }
        return candidates;
    }

    /// <summary>
    /// MRT (RFC 6396 4.4): BGP4MP_MESSAGE_AS4 records hold 4-octet AS_PATHs, BGP4MP_MESSAGE records
    /// 2-octet ones; the *_ADDPATH subtypes (RFC 8050) carry path identifiers. A dump holds only the peer's
    /// OPEN, so whether ADD-PATH was negotiated is not in the data; the corpus README says the BIRD dump
    /// puts ADD-PATH NLRI in plain BGP4MP_MESSAGE_AS4 records (its OPEN offers it and tshark reads the
    /// path ids), while the Quagga dump's NLRI are plain despite a similar OPEN.
    /// </summary>
    private CodecOptions MrtOptions(CorpusMessage message)
    {
        string subtype = message.MrtSubtype ?? "";
        bool fourOctet = subtype.Contains("AS4", StringComparison.Ordinal);
        ImmutableArray<AfiSafi> addPath = [];
        if (subtype.Contains("ADDPATH", StringComparison.Ordinal)) addPath = [.. UnicastFamilies];
        else if (fourOctet && message.File.Contains("mrtparse__bird_bgp", StringComparison.Ordinal)
            && _mrt.TryGetValue(message.Conversation, out var open))
            addPath = AddPathFamilies(open, null);
        return new CodecOptions { FourOctetAs = fourOctet, AddPathReceive = addPath };
    }

    /// <summary>Families where the sender said Send and the receiver said Receive (a missing receiver agrees).</summary>
    private static ImmutableArray<AfiSafi> AddPathFamilies(OpenMessage sender, OpenMessage? receiver)
    {
        var result = ImmutableArray.CreateBuilder<AfiSafi>();
        var candidates = new HashSet<AfiSafi>();
        foreach (var open in (OpenMessage?[])[sender, receiver])
        {
            if (open?.Find<AddPathCapability>() is { } ap)
                foreach (var f in ap.Families) candidates.Add(f.Family);
        }
        foreach (var family in candidates)
        {
            bool sends = Direction(sender, family).HasFlag(AddPathDirection.Send);
            bool receives = receiver is null || Direction(receiver, family).HasFlag(AddPathDirection.Receive);
            if (sends && receives) result.Add(family);
        }
        return result.ToImmutable();
    }

    private static AddPathDirection Direction(OpenMessage open, AfiSafi family)
    {
        var d = AddPathDirection.None;
        foreach (var c in open.Capabilities)
        {
            if (c is AddPathCapability ap)
                foreach (var f in ap.Families)
                    if (f.Family == family) d |= f.Direction;
        }
        return d;
    }

    /// <summary>tshark's as_size for the first AS_PATH segment, 0 when it showed none.</summary>
    private static int AsSizeHint(JsonElement expected)
    {
        if (!expected.TryGetProperty("update", out var u) || !u.TryGetProperty("attributes", out var attrs)) return 0;
        foreach (var a in attrs.EnumerateArray())
        {
            if (a.GetProperty("type").GetInt32() == 2 && a.TryGetProperty("as_path", out var path))
                foreach (var seg in path.EnumerateArray())
                    if (seg.TryGetProperty("as_size", out var size)) return size.GetInt32();
        }
        return 0;
    }
}
