using System.Collections.Immutable;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;

namespace Bgp.Cli.Decode;

/// <summary>
/// Decides how to read messages taken out of their session. Two things that a session negotiates change
/// the wire format of an UPDATE and cannot be seen in the message itself: 2- or 4-octet AS numbers
/// (RFC 6793 4) and ADD-PATH path identifiers per family (RFC 7911 3).
/// <list type="number">
/// <item>A command-line option forces either one.</item>
/// <item>Else the OPENs met earlier in the input decide: 4-octet AS when the last OPENs (the two ends of
/// the latest session) all carry capability 65; path identifiers for each family one of them says it
/// sends (RFC 7911 4 Send/Receive 2 or 3). Extended messages (RFC 8654) likewise need capability 6.</item>
/// <item>With no OPEN yet, an UPDATE is read every way that is possible, as Wireshark does: 4-octet then
/// 2-octet AS, each without then with path identifiers; the first reading with no error wins, else the one
/// with fewest errors. Without path identifiers comes first because it is the RFC 4271 default and the
/// ambiguous cases (a 0.0.0.0/0 run) are real prefixes far more often than path identifiers.</item>
/// </list>
/// A capture often interleaves several sessions (tcpdump's bgp-4byte-asn has a 2-octet and a 4-octet
/// session side by side), and an MRT dump may hold one side's OPEN only, so when the reading the OPENs
/// give is not clean, the other readings are tried after it as in 3; if none is clean, the OPENs' reading
/// and its error stand. A forced option is never second-guessed.
/// </summary>
internal sealed class WireFormatInference
{
    private static readonly ImmutableArray<AfiSafi> UnicastFamilies = [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast];

    private readonly AsNumberMode _asMode;
    private readonly AddPathMode _addPathMode;
    private OpenMessage? _lastOpen;
    private OpenMessage? _previousOpen;
    private readonly List<CodecOptions> _candidates = new(4);

    public WireFormatInference(AsNumberMode asMode, AddPathMode addPathMode)
    {
        _asMode = asMode;
        _addPathMode = addPathMode;
    }

    /// <summary>Decodes one whole message the best way known, and remembers it when it is an OPEN.</summary>
    public DecodeAttempt Decode(byte[] message)
    {
        bool isUpdate = message.Length > 18 && message[18] == (byte)MessageType.Update;
        FillCandidates(isUpdate);

        DecodeAttempt best = default;
        bool any = false;
        foreach (var options in _candidates)
        {
            var attempt = new DecodeAttempt(BgpDecoder.Decode(message, options), options);
            if (attempt.IsClean)
            {
                best = attempt;
                break;
            }
            // Strictly better only: on a tie the earlier, more likely reading stays.
            if (!any || attempt.Badness < best.Badness) best = attempt;
            any = true;
        }

        if (best.Result.Message is OpenMessage open)
        {
            _previousOpen = _lastOpen;
            _lastOpen = open;
        }
        return best;
    }

    private void FillCandidates(bool isUpdate)
    {
        _candidates.Clear();
        bool known = _lastOpen is not null;
        bool extended = known && AllHave(CapabilityCode.ExtendedMessage);

        // 1 and 2: the forced values, or what the OPENs say.
        if (known || _asMode != AsNumberMode.Infer || _addPathMode != AddPathMode.Infer || !isUpdate)
        {
            bool fourOctet = _asMode switch
            {
                AsNumberMode.TwoOctet => false,
                AsNumberMode.FourOctet => true,
                _ => !known || AllHave(CapabilityCode.FourOctetAs),
            };
            ImmutableArray<AfiSafi> addPath = _addPathMode switch
            {
                AddPathMode.On => UnicastFamilies,
                AddPathMode.Off => [],
                _ => known ? SentAddPathFamilies() : [],
            };
            _candidates.Add(new CodecOptions { FourOctetAs = fourOctet, ExtendedMessage = extended, AddPathReceive = addPath });
        }
        if (!isUpdate) return;

        // 3: every reading the options leave open, most likely first.
        Span<bool> addPathChoices = [false, true];
        Span<bool> asChoices = [true, false];
        foreach (bool withIds in addPathChoices)
        {
            if (_addPathMode == AddPathMode.On && !withIds || _addPathMode == AddPathMode.Off && withIds) continue;
            foreach (bool fourOctet in asChoices)
            {
                if (_asMode == AsNumberMode.TwoOctet && fourOctet || _asMode == AsNumberMode.FourOctet && !fourOctet) continue;
                var options = new CodecOptions
                {
                    FourOctetAs = fourOctet,
                    ExtendedMessage = extended,
                    AddPathReceive = withIds ? UnicastFamilies : [],
                };
                if (!Contains(options)) _candidates.Add(options);
            }
        }
    }

    private bool Contains(CodecOptions options)
    {
        foreach (var c in _candidates)
            if (c.FourOctetAs == options.FourOctetAs && c.AddPathReceive.AsSpan().SequenceEqual(options.AddPathReceive.AsSpan()))
                return true;
        return false;
    }

    /// <summary>True when the remembered OPENs (one or both ends of the latest session) all carry the capability.</summary>
    private bool AllHave(CapabilityCode code) =>
        _lastOpen is not null && _lastOpen.Has(code) && (_previousOpen is null || _previousOpen.Has(code));

    private ImmutableArray<AfiSafi> SentAddPathFamilies()
    {
        var families = ImmutableArray.CreateBuilder<AfiSafi>();
        AddSent(_lastOpen, families);
        AddSent(_previousOpen, families);
        return families.ToImmutable();
    }

    private static void AddSent(OpenMessage? open, ImmutableArray<AfiSafi>.Builder into)
    {
        if (open?.Find<AddPathCapability>() is not { } cap) return;
        foreach (var f in cap.Families)
            if ((f.Direction & AddPathDirection.Send) != 0 && !into.Contains(f.Family)) into.Add(f.Family);
    }
}
