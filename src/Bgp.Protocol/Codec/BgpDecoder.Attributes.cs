namespace Bgp.Protocol.Codec;

public static partial class BgpDecoder
{
    /// <summary>
    /// Decodes a bare path attribute block (the attribute part of RFC 4271 4.3) with the same rules as an
    /// UPDATE's. <paramref name="mrtRibFamily"/> is the family of an MRT TABLE_DUMP_V2 RIB entry, whose
    /// MP_REACH_NLRI is abbreviated to "Next Hop Length | Next Hop" (RFC 6396 4.3.4); null otherwise.
    /// The well-known-attribute presence checks of an UPDATE do not apply: there are no NLRI here.
    /// </summary>
    public static AttributeBlock DecodeAttributes(ReadOnlySpan<byte> attributes, CodecOptions options, AfiSafi? mrtRibFamily = null)
    {
        var parser = new AttributeParser(options, mrtRibFamily);
        var fatal = parser.Parse(attributes);
        return new AttributeBlock
        {
            Attributes = parser.Build(),
            MpReach = parser.MpReach,
            MpUnreach = parser.MpUnreach,
            Errors = parser.Errors,
            Error = fatal,
        };
    }
}
