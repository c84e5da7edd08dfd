using System.Runtime.InteropServices;

namespace Bgp.Netlink.Wire;

/// <summary>
/// Appends netlink messages to a caller's buffer. The caller checks room first (messages are
/// measured before they are written), so the writes themselves do no bounds bookkeeping beyond the
/// span's own. Integers go in host order, addresses in network order, each attribute padded to 4.
/// </summary>
internal ref struct NetlinkWriter
{
    private readonly Span<byte> buffer;
    private int length;
    private int messageStart;

    public NetlinkWriter(Span<byte> buffer)
    {
        this.buffer = buffer;
        length = 0;
        messageStart = -1;
    }

    public readonly int Length => length;
    public readonly int Remaining => buffer.Length - length;
    public readonly ReadOnlySpan<byte> Written => buffer[..length];

    public void BeginMessage(ushort type, ushort flags, uint seq, uint portId)
    {
        messageStart = length;
        var h = buffer.Slice(length, Nl.HeaderSize);
        MemoryMarshal.Write(h, 0u); // length, patched by EndMessage
        MemoryMarshal.Write(h[4..], type);
        MemoryMarshal.Write(h[6..], flags);
        MemoryMarshal.Write(h[8..], seq);
        MemoryMarshal.Write(h[12..], portId);
        length += Nl.HeaderSize;
    }

    public void EndMessage()
    {
        MemoryMarshal.Write(buffer[messageStart..], (uint)(length - messageStart));
        messageStart = -1;
    }

    /// <summary>Reserves <paramref name="size"/> zeroed bytes (padded to 4) for a fixed header like rtmsg.</summary>
    public Span<byte> Reserve(int size)
    {
        var aligned = Nl.Align(size);
        var span = buffer.Slice(length, aligned);
        span.Clear();
        length += aligned;
        return span[..size];
    }

    public void WriteByte(int offset, byte value) => buffer[offset] = value;

    public void PutU32(ushort type, uint value)
    {
        var a = buffer.Slice(length, 8);
        MemoryMarshal.Write(a, (ushort)8);
        MemoryMarshal.Write(a[2..], type);
        MemoryMarshal.Write(a[4..], value);
        length += 8;
    }

    public void PutAddress(ushort type, InetAddress address)
    {
        var payload = address.ByteLength;
        var a = buffer.Slice(length, Nl.Align(4 + payload));
        MemoryMarshal.Write(a, (ushort)(4 + payload));
        MemoryMarshal.Write(a[2..], type);
        address.WriteTo(a[4..]);
        length += a.Length;
    }

    /// <summary>RTA_VIA: struct rtvia { u16 family; address }, for a gateway of another family than the route.</summary>
    public void PutVia(InetAddress address)
    {
        var payload = 2 + address.ByteLength;
        var a = buffer.Slice(length, Nl.Align(4 + payload));
        a.Clear();
        MemoryMarshal.Write(a, (ushort)(4 + payload));
        MemoryMarshal.Write(a[2..], Rt.RTA_VIA);
        MemoryMarshal.Write(a[4..], (ushort)address.Family);
        address.WriteTo(a[6..]);
        length += a.Length;
    }

    /// <summary>Opens a nested attribute; returns its offset for <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        var start = length;
        MemoryMarshal.Write(buffer[length..], (ushort)0);
        MemoryMarshal.Write(buffer[(length + 2)..], type);
        length += 4;
        return start;
    }

    public void EndNested(int start) => MemoryMarshal.Write(buffer[start..], (ushort)(length - start));

    /// <summary>An rtnexthop inside RTA_MULTIPATH; its length is patched with <see cref="EndNested"/>.</summary>
    public int BeginNextHop(byte flags, byte hops, int ifIndex)
    {
        var start = length;
        var n = buffer.Slice(length, Rt.RtNextHopSize);
        MemoryMarshal.Write(n, (ushort)0);
        n[2] = flags;
        n[3] = hops;
        MemoryMarshal.Write(n[4..], ifIndex);
        length += Rt.RtNextHopSize;
        return start;
    }
}
