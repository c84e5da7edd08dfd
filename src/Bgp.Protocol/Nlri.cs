namespace Bgp.Protocol;

/// <summary>
/// One route in an UPDATE: a prefix and, where ADD-PATH (RFC 7911) is in use for its family, the path
/// identifier the sender gave it (0 otherwise).
/// </summary>
public readonly record struct Nlri(Prefix Prefix, uint PathId = 0)
{
    public override string ToString() => PathId == 0 ? Prefix.ToString() : $"{Prefix} path-id {PathId}";
}
