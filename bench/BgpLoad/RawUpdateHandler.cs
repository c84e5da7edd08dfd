namespace Bgp.Load;

/// <summary>Takes one UPDATE as received (header included); returns why it could not be read, or null.</summary>
public delegate string? RawUpdateHandler(LoadSession session, ReadOnlySpan<byte> message);
