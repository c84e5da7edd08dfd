using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Policy;

/// <summary>
/// Prepend an AS <see cref="Count"/> times to the AS_PATH: our own AS when <see cref="Asn"/> is null
/// (the usual traffic-engineering prepend), else the given one. The numbers go into the leading
/// AS_SEQUENCE while it stays within 255 ASes (RFC 4271 4.3: a segment's length is one octet), otherwise
/// into new AS_SEQUENCE segments in front. The export stage's own prepend for eBGP (RFC 4271 5.1.2) is
/// separate and comes after export policy.
/// </summary>
public sealed record AsPathPrependAction : RouteAction
{
    /// <summary>A longer prepend is a configuration mistake, not traffic engineering (and would not fit an UPDATE well).</summary>
    public const int MaxCount = 32;

    public AsPathPrependAction(int count, uint? asn = null)
    {
        if (count < 1 || count > MaxCount) throw new ArgumentOutOfRangeException(nameof(count), count, $"prepend count must be 1..{MaxCount}");
        Count = count;
        Asn = asn;
    }

    public int Count { get; }

    /// <summary>The AS to prepend; null means our own AS (<see cref="RouteContext.LocalAs"/>).</summary>
    public uint? Asn { get; }

    internal override void Apply(ref RouteEdit edit)
    {
        uint asn = Asn ?? edit.LocalAs;
        var path = edit.Attributes.AsPath ?? AsPath.Empty;
        edit.Attributes = edit.Attributes with { AsPath = Prepend(path, asn, Count) };
    }

    internal static AsPath Prepend(AsPath path, uint asn, int count) => path.Prepend(asn, count);

    public override string ToString() => Asn is { } a ? $"prepend {a} x{Count}" : $"prepend local-as x{Count}";
}
