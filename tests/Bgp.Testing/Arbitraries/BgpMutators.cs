using Bgp.Protocol;
using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;

namespace Bgp.Testing.Arbitraries;

/// <summary>
/// Invalid input, made on purpose from valid input (house rule 15): the generators in <see cref="BgpGen"/>
/// only ever make valid values, and these functions break them. The header's length field is kept
/// consistent unless a mutation targets it, so the body parsers see the damage rather than the header check.
/// </summary>
public static class BgpMutators
{
    private const int Header = BgpConstants.HeaderLength;

    /// <summary>One to four random mutations of an encoded message.</summary>
    public static Gen<byte[]> Mutate(byte[] message) =>
        from n in Gen.Choose(1, 4)
        from ops in Gen.ArrayOf(Mutation, n)
        select Apply(message, ops);

    private static byte[] Apply(byte[] message, Func<byte[], byte[]>[] ops)
    {
        byte[] m = message;
        foreach (var op in ops) m = op(m);
        return m;
    }

    private static Gen<Func<byte[], byte[]>> Mutation => Gen.OneOf(
        // Overwrite one body octet (a length, a flag, a type code, an address byte).
        from at in Gen.Choose(0, int.MaxValue)
        from value in BgpGen.Byte
        select (Func<byte[], byte[]>)(m => SetBodyByte(m, at, value)),
        // Flip one bit of the body.
        from at in Gen.Choose(0, int.MaxValue)
        from bit in Gen.Choose(0, 7)
        select (Func<byte[], byte[]>)(m => m.Length <= Header ? m : SetBodyByte(m, at, (byte)(m[Header + at % (m.Length - Header)] ^ (1 << bit)))),
        // Cut the body short and fix the header length.
        from keep in Gen.Choose(0, int.MaxValue)
        select (Func<byte[], byte[]>)(m => m.Length <= Header ? m : WithLength(m.AsSpan(0, Header + keep % (m.Length - Header)).ToArray())),
        // Append random octets and fix the header length.
        from extra in BgpGen.Bytes(1, 16)
        select (Func<byte[], byte[]>)(m => WithLength([.. m, .. extra])),
        // Damage the header itself: the marker, the length or the type.
        from at in Gen.Choose(0, Header - 1)
        from value in BgpGen.Byte
        select (Func<byte[], byte[]>)(m =>
        {
            byte[] c = (byte[])m.Clone();
            c[at] = value;
            return c;
        }));

    private static byte[] SetBodyByte(byte[] m, int at, byte value)
    {
        if (m.Length <= Header) return m;
        byte[] c = (byte[])m.Clone();
        c[Header + at % (m.Length - Header)] = value;
        return c;
    }

    /// <summary>Rewrites the header length to the real length (capped at 65535).</summary>
    public static byte[] WithLength(byte[] m)
    {
        if (m.Length >= Header) BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(16), (ushort)Math.Min(m.Length, ushort.MaxValue));
        return m;
    }

    /// <summary>
    /// A correct header (marker, length of what follows) in front of random octets, with a message type
    /// that is mostly a real one (1..5) and sometimes not.
    /// </summary>
    public static Gen<byte[]> GarbageBehindHeader =>
        from type in Gen.Frequency((8, Gen.Choose(1, 5)), (1, Gen.Choose(0, 255)))
        from body in Gen.Frequency((3, BgpGen.Bytes(0, 64)), (1, BgpGen.Bytes(0, 600)))
        select WithHeader((byte)type, body);

    /// <summary>A message of <paramref name="type"/> around <paramref name="body"/>.</summary>
    public static byte[] WithHeader(byte type, ReadOnlySpan<byte> body)
    {
        byte[] m = new byte[Header + body.Length];
        m.AsSpan(0, 16).Fill(0xFF);
        m[18] = type;
        body.CopyTo(m.AsSpan(Header));
        return WithLength(m);
    }
}
