using System.Buffers.Binary;

namespace Bgp.Testing;

/// <summary>
/// Small builders for BGP wire bytes (RFC 4271 4), so that a test can write a malformed message as a
/// readable expression: <c>Wire.Update(attrs: Wire.Cat(Wire.Origin(), Wire.Attr(0x40, 2, "0201fde8")))</c>.
/// Lengths are filled in from what is given; pass explicit lengths to build inconsistent messages.
/// </summary>
public static class Wire
{
    /// <summary>A whole message: marker, length (computed unless given), type, body.</summary>
    public static byte[] Message(byte type, byte[] body, int? length = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var m = new byte[19 + body.Length];
        m.AsSpan(0, 16).Fill(0xFF);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(16), (ushort)(length ?? m.Length));
        m[18] = type;
        body.CopyTo(m, 19);
        return m;
    }

    public static byte[] Keepalive() => Message(4, []);

    /// <summary>OPEN (RFC 4271 4.2) with the given optional parameters (opt. parm. length computed unless given).</summary>
    public static byte[] Open(byte version = 4, ushort myAs = 65001, ushort holdTime = 90, uint bgpId = 0x0A000001,
        byte[]? parameters = null, int? parametersLength = null)
    {
        parameters ??= [];
        var body = new byte[10 + parameters.Length];
        body[0] = version;
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(1), myAs);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(3), holdTime);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(5), bgpId);
        body[9] = (byte)(parametersLength ?? parameters.Length);
        parameters.CopyTo(body, 10);
        return Message(1, body);
    }

    /// <summary>One optional parameter: Type (1) | Length (1) | Value.</summary>
    public static byte[] Parameter(byte type, byte[] value) => Cat([type, (byte)value.Length], value);

    /// <summary>A Capabilities parameter (type 2) holding the given capability TLVs.</summary>
    public static byte[] CapabilitiesParameter(params byte[][] capabilities) => Parameter(2, Cat(capabilities));

    /// <summary>One capability: Code (1) | Length (1, computed unless given) | Value.</summary>
    public static byte[] Capability(byte code, string valueHex, int? length = null)
    {
        var value = Hex.Bytes(valueHex);
        return Cat([code, (byte)(length ?? value.Length)], value);
    }

    /// <summary>UPDATE (RFC 4271 4.3); both length fields computed unless given.</summary>
    public static byte[] Update(byte[]? withdrawn = null, byte[]? attributes = null, byte[]? nlri = null,
        int? withdrawnLength = null, int? attributesLength = null)
    {
        withdrawn ??= [];
        attributes ??= [];
        nlri ??= [];
        var w = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(w, (ushort)(withdrawnLength ?? withdrawn.Length));
        var a = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(a, (ushort)(attributesLength ?? attributes.Length));
        return Message(2, Cat(w, withdrawn, a, attributes, nlri));
    }

    /// <summary>
    /// One path attribute: Flags | Type | Length | Value. The length is one octet, or two when the flags
    /// carry Extended Length (0x10); computed from the value unless given.
    /// </summary>
    public static byte[] Attr(byte flags, byte type, string valueHex, int? length = null)
    {
        var value = Hex.Bytes(valueHex);
        int len = length ?? value.Length;
        byte[] head = (flags & 0x10) != 0 ? [flags, type, (byte)(len >> 8), (byte)len] : [flags, type, (byte)len];
        return Cat(head, value);
    }

    /// <summary>ORIGIN IGP (well-known, transitive).</summary>
    public static byte[] Origin(byte value = 0) => Attr(0x40, 1, value.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>AS_PATH of one AS_SEQUENCE of 2-octet ASes.</summary>
    public static byte[] AsPath2(params ushort[] asns)
    {
        var v = new byte[2 + asns.Length * 2];
        v[0] = 2;
        v[1] = (byte)asns.Length;
        for (int i = 0; i < asns.Length; i++) BinaryPrimitives.WriteUInt16BigEndian(v.AsSpan(2 + i * 2), asns[i]);
        return Attr(0x40, 2, Hex.Of(v));
    }

    /// <summary>NEXT_HOP 192.0.2.1.</summary>
    public static byte[] NextHop() => Attr(0x40, 3, "c0000201");

    /// <summary>The three well-known mandatory attributes of an IPv4 announcement (2-octet AS 65001).</summary>
    public static byte[] Mandatory() => Cat(Origin(), AsPath2(65001), NextHop());

    /// <summary>NLRI 10.0.0.0/8.</summary>
    public static byte[] Nlri10() => [8, 10];

    public static byte[] Cat(params byte[][] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var all = new byte[parts.Sum(p => p.Length)];
        int at = 0;
        foreach (var p in parts)
        {
            p.CopyTo(all, at);
            at += p.Length;
        }
        return all;
    }
}
