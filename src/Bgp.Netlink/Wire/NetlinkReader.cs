using System.Runtime.InteropServices;

namespace Bgp.Netlink.Wire;

/// <summary>
/// Walks the messages of one received datagram. Each length is checked against what is left before
/// the message is exposed; a truncated or lying header ends the walk (<see cref="Malformed"/>).
/// </summary>
internal ref struct NetlinkReader
{
    private ReadOnlySpan<byte> rest;

    public NetlinkReader(ReadOnlySpan<byte> datagram)
    {
        rest = datagram;
        Malformed = false;
        Type = 0;
        Flags = 0;
        Seq = 0;
        Payload = default;
    }

    public ushort Type { get; private set; }
    public ushort Flags { get; private set; }
    public uint Seq { get; private set; }
    public ReadOnlySpan<byte> Payload { get; private set; }
    public bool Malformed { get; private set; }

    public bool MoveNext()
    {
        if (rest.Length < Nl.HeaderSize)
        {
            Malformed = rest.Length != 0;
            return false;
        }
        var len = MemoryMarshal.Read<uint>(rest);
        if (len < Nl.HeaderSize || len > (uint)rest.Length)
        {
            Malformed = true;
            return false;
        }
        Type = MemoryMarshal.Read<ushort>(rest[4..]);
        Flags = MemoryMarshal.Read<ushort>(rest[6..]);
        Seq = MemoryMarshal.Read<uint>(rest[8..]);
        Payload = rest[Nl.HeaderSize..(int)len];
        rest = rest[Math.Min(Nl.Align((int)len), rest.Length)..];
        return true;
    }
}
