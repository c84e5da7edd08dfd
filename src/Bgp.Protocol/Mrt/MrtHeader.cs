namespace Bgp.Protocol.Mrt;

/// <summary>
/// The common MRT header (RFC 6396 2), with where the record sits in its file:
/// <code>
///  Timestamp (4) | Type (2) | Subtype (2) | Length (4) | Message (Length octets)
/// </code>
/// For the _ET types the first 4 octets of the message are a microsecond timestamp (RFC 6396 3);
/// <see cref="Length"/> is the header's field, which counts them.
/// </summary>
/// <param name="Index">0-based position of the record in the file.</param>
/// <param name="Offset">Byte offset of the record's header in the (decompressed) stream.</param>
public readonly record struct MrtHeader(uint Timestamp, ushort Type, ushort Subtype, uint Length, uint Microseconds, int Index, long Offset)
{
    public const int Size = 12;

    public bool HasMicroseconds => Type == (ushort)MrtRecordType.Bgp4mpEt;
}
