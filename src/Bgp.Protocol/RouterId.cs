using System.Net;

namespace Bgp.Protocol;

/// <summary>Helpers for 32-bit identifiers written as dotted quads (BGP identifier, ORIGINATOR_ID, CLUSTER_LIST).</summary>
public static class RouterId
{
    public static string Format(uint id) => $"{id >> 24}.{(id >> 16) & 0xff}.{(id >> 8) & 0xff}.{id & 0xff}";

    public static bool TryParse(string? text, out uint id)
    {
        id = 0;
        if (text is null || !IPAddress.TryParse(text, out var a) || a.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            return false;
        Span<byte> b = stackalloc byte[4];
        a.TryWriteBytes(b, out _);
        id = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        return true;
    }

    public static uint Parse(string text) =>
        TryParse(text, out uint id) ? id : throw new FormatException($"'{text}' is not a dotted-quad identifier");
}
