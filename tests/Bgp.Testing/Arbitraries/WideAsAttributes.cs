using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Testing.Arbitraries;

/// <summary>
/// Attributes of a NEW speaker whose AS numbers need 4 octets, to be sent to an OLD one (RFC 6793 4.2.2);
/// see <see cref="BgpGen.WideAsPathAttributes"/> for what "valid" means here.
/// </summary>
public sealed record WideAsAttributes(PathAttributes Attributes)
{
    public override string ToString() =>
        $"AS_PATH [{Attributes.AsPath}] AGGREGATOR [{Attributes.Aggregator}]";
}
