using System.Text.Json;

namespace Bgp.Testing;

/// <summary>
/// One BGP message of the corpus: its bytes (a line of F.messages.hex), tshark's decode of it (the same
/// line of F.expected.jsonl) and, for messages taken out of MRT dumps, the record's peer data (the same
/// line of F.messages.jsonl).
/// </summary>
public sealed record CorpusMessage(string File, int Index, byte[] Bytes, JsonElement Expected, JsonElement? Mrt)
{
    /// <summary>Sending endpoint: tshark's src, or the MRT record's peer address.</summary>
    public string Source => Expected.TryGetProperty("src", out var s) ? s.GetString()! : MrtField("peer_ip");

    /// <summary>Receiving endpoint: tshark's dst, or the MRT record's local address.</summary>
    public string Destination => Expected.TryGetProperty("dst", out var d) ? d.GetString()! : MrtField("local_ip");

    /// <summary>The TCP conversation (or MRT peer pair) the message belongs to, the same for both directions.</summary>
    public string Conversation =>
        string.CompareOrdinal(Source, Destination) <= 0 ? Source + " <> " + Destination : Destination + " <> " + Source;

    public bool FromMrt => Mrt is not null;

    /// <summary>The MRT subtype name (BGP4MP_MESSAGE, BGP4MP_MESSAGE_AS4, ...), or null outside MRT.</summary>
    public string? MrtSubtype => Mrt is { } m && m.TryGetProperty("subtype", out var s) ? s.GetString() : null;

    public int ExpectedType => Expected.GetProperty("type").GetInt32();

    private string MrtField(string name) =>
        Mrt is { } m && m.TryGetProperty(name, out var v) ? v.ToString() : "?";

    public override string ToString() => $"{File}#{Index}";
}
