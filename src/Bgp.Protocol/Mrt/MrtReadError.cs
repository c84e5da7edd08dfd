namespace Bgp.Protocol.Mrt;

/// <summary>Where and why a stream stopped being readable: a truncated or oversized record, or a failing stream.</summary>
/// <param name="Index">0-based index of the record that could not be read (= number of records read before it).</param>
/// <param name="Offset">Byte offset of that record's header in the (decompressed) stream.</param>
public sealed record MrtReadError(int Index, long Offset, string Reason)
{
    public override string ToString() => $"record {Index} at byte offset {Offset}: {Reason}";
}
