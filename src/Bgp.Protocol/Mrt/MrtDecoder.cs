namespace Bgp.Protocol.Mrt;

/// <summary>
/// Decodes record bodies for <see cref="MrtReader"/>, holding what later records depend on: the last
/// PEER_INDEX_TABLE and the ADD-PATH capabilities of each BGP4MP session's OPENs. One per file.
/// </summary>
internal sealed partial class MrtDecoder
{
    public MrtRecord Decode(MrtHeader header, ReadOnlySpan<byte> body)
    {
        return (MrtRecordType)header.Type switch
        {
            MrtRecordType.TableDumpV2 => DecodeTableDumpV2(header, body),
            MrtRecordType.Bgp4mp or MrtRecordType.Bgp4mpEt => DecodeBgp4mp(header, body),
            _ => Unknown(header, body),
        };
    }

    private static UnknownMrtRecord Unknown(MrtHeader header, ReadOnlySpan<byte> body) =>
        new() { Header = header, Body = body.ToArray() };

    private static MalformedMrtRecord Malformed(MrtHeader header, string reason) =>
        new() { Header = header, Reason = reason };
}
