using System.Buffers.Binary;
using System.Collections.Immutable;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Codec;

public static partial class BgpDecoder
{
    /// <summary>
    /// UPDATE (RFC 4271 4.3):
    /// <code>
    ///  Withdrawn Routes Length (2) | Withdrawn Routes | Total Path Attribute Length (2) | Path Attributes | NLRI
    /// </code>
    /// Lengths that do not fit the message are a session reset with Malformed Attribute List (RFC 7606 4
    /// cannot locate the NLRI then). Prefix syntax errors in the withdrawn or NLRI fields are a session
    /// reset with Invalid Network Field (RFC 7606 5.3). Attribute errors take the action RFC 7606 7 gives
    /// each attribute; a missing well-known attribute is treat-as-withdraw (RFC 7606 3 d).
    /// </summary>
    private static DecodeResult DecodeUpdate(ReadOnlySpan<byte> body, CodecOptions options)
    {
        int withdrawnLen = BinaryPrimitives.ReadUInt16BigEndian(body);
        if (2 + withdrawnLen + 2 > body.Length)
            return BgpError.Update(UpdateMessageErrorSubcode.MalformedAttributeList, ErrorAction.SessionReset, [],
                $"withdrawn routes length {withdrawnLen} runs past the message");
        var withdrawnBytes = body.Slice(2, withdrawnLen);
        int attrLen = BinaryPrimitives.ReadUInt16BigEndian(body[(2 + withdrawnLen)..]);
        int attrStart = 4 + withdrawnLen;
        if (attrStart + attrLen > body.Length)
            return BgpError.Update(UpdateMessageErrorSubcode.MalformedAttributeList, ErrorAction.SessionReset, [],
                $"total path attribute length {attrLen} runs past the message");
        var attrBytes = body.Slice(attrStart, attrLen);
        var nlriBytes = body[(attrStart + attrLen)..];

        if (!NlriReader.TryRead(withdrawnBytes, false, options.ReceivesPathId(AfiSafi.Ipv4Unicast), out var withdrawn, out string? problem))
            return BgpError.Update(UpdateMessageErrorSubcode.InvalidNetworkField, ErrorAction.SessionReset, [], "withdrawn routes: " + problem);

        var parsed = new AttributeParser(options);
        var fatal = parsed.Parse(attrBytes);
        if (fatal is not null) return fatal;

        if (!NlriReader.TryRead(nlriBytes, false, options.ReceivesPathId(AfiSafi.Ipv4Unicast), out var nlri, out problem))
            return BgpError.Update(UpdateMessageErrorSubcode.InvalidNetworkField, ErrorAction.SessionReset, [], "NLRI: " + problem);

        var attributes = parsed.Build();
        var errors = parsed.Errors;

        // RFC 7606 3 (d), RFC 4760 3: the well-known mandatory attributes are required only when the
        // message announces something; NEXT_HOP only when the NLRI field does.
        bool mpReach = parsed.MpReach is { } r && (r.Nlri.Length > 0 || r.RawNlri.Length > 0);
        if ((nlri.Length > 0 || mpReach) && !parsed.AttributeListBroken)
        {
            if (attributes.Origin is null && !parsed.Saw(AttributeType.Origin)) errors = errors.Add(Missing(AttributeType.Origin));
            if (attributes.AsPath is null && !parsed.Saw(AttributeType.AsPath)) errors = errors.Add(Missing(AttributeType.AsPath));
            if (nlri.Length > 0 && attributes.NextHop is null && !parsed.Saw(AttributeType.NextHop))
                errors = errors.Add(Missing(AttributeType.NextHop));
        }

        return DecodeResult.Ok(new UpdateMessage
        {
            Withdrawn = withdrawn,
            Attributes = attributes,
            Nlri = nlri,
            MpReach = parsed.MpReach,
            MpUnreach = parsed.MpUnreach,
            Errors = errors,
        });
    }

    private static BgpError Missing(AttributeType type) =>
        BgpError.Update(UpdateMessageErrorSubcode.MissingWellKnownAttribute, ErrorAction.TreatAsWithdraw, [(byte)type],
            $"well-known attribute {type} is missing");
}
