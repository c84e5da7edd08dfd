using System.Buffers.Binary;

namespace Bgp.Protocol.Codec;

/// <summary>
/// Writes big-endian fields into a span and remembers, instead of throwing, when the span runs out,
/// so that an encoder can try a message and report "too long" once at the end.
/// </summary>
internal ref struct SpanWriter
{
    private readonly Span<byte> _span;

    public SpanWriter(Span<byte> span)
    {
        _span = span;
        Position = 0;
        Overflow = false;
    }

    public int Position { get; private set; }
    public bool Overflow { get; private set; }
    public readonly Span<byte> Written => _span[..Position];

    private bool Room(int n)
    {
        if (Overflow || Position + n > _span.Length)
        {
            Overflow = true;
            return false;
        }
        return true;
    }

    public void Byte(byte value)
    {
        if (Room(1)) _span[Position++] = value;
    }

    public void UInt16(int value)
    {
        if (!Room(2)) return;
        BinaryPrimitives.WriteUInt16BigEndian(_span[Position..], (ushort)value);
        Position += 2;
    }

    public void UInt32(uint value)
    {
        if (!Room(4)) return;
        BinaryPrimitives.WriteUInt32BigEndian(_span[Position..], value);
        Position += 4;
    }

    public void UInt64(ulong value)
    {
        if (!Room(8)) return;
        BinaryPrimitives.WriteUInt64BigEndian(_span[Position..], value);
        Position += 8;
    }

    public void Bytes(scoped ReadOnlySpan<byte> value)
    {
        if (!Room(value.Length)) return;
        value.CopyTo(_span[Position..]);
        Position += value.Length;
    }

    /// <summary>Reserves <paramref name="n"/> octets to be filled later (a length field); returns their offset.</summary>
    public int Reserve(int n)
    {
        int at = Position;
        if (Room(n)) Position += n;
        return at;
    }

    public readonly void PatchUInt16(int at, int value)
    {
        if (!Overflow) BinaryPrimitives.WriteUInt16BigEndian(_span[at..], (ushort)value);
    }

    public readonly void PatchByte(int at, byte value)
    {
        if (!Overflow) _span[at] = value;
    }

    /// <summary>A prefix in NLRI form, with the path identifier first when ADD-PATH applies.</summary>
    public void Nlri(in Nlri nlri, bool addPath)
    {
        if (addPath) UInt32(nlri.PathId);
        int n = nlri.Prefix.ByteCount;
        if (!Room(1 + n)) return;
        _span[Position++] = (byte)nlri.Prefix.Length;
        nlri.Prefix.WriteAddressBytes(_span.Slice(Position, n));
        Position += n;
    }

    public static int NlriSize(in Nlri nlri, bool addPath) => (addPath ? 5 : 1) + nlri.Prefix.ByteCount;
}
