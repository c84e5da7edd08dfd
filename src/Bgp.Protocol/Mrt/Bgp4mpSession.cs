using System.Collections.Immutable;
using Bgp.Protocol.Capabilities;

namespace Bgp.Protocol.Mrt;

/// <summary>
/// What the OPENs of one BGP4MP session (a peer/local address pair) said about ADD-PATH (RFC 7911 4).
/// Null means that side's OPEN has not been seen in the file; empty means it was seen without the capability.
/// </summary>
internal sealed class Bgp4mpSession
{
    public ImmutableArray<AddPathFamily>? PeerAddPath { get; set; }
    public ImmutableArray<AddPathFamily>? LocalAddPath { get; set; }

    /// <summary>
    /// The families whose NLRI carry path identifiers in messages going the given way: the sender said
    /// Send and the receiver said Receive (RFC 7911 4). A dump often holds only the peer's OPEN; the
    /// other side is then taken to have agreed, which is what a writer that stored ADD-PATH NLRI means.
    /// </summary>
    public ImmutableArray<AfiSafi> PathIdFamilies(bool fromLocal)
    {
        var sender = fromLocal ? LocalAddPath : PeerAddPath;
        var receiver = fromLocal ? PeerAddPath : LocalAddPath;
        if (sender is not { } sent) return [];
        var result = ImmutableArray.CreateBuilder<AfiSafi>();
        foreach (var f in sent)
        {
            if ((f.Direction & AddPathDirection.Send) == 0) continue;
            if (receiver is { } got && !Accepts(got, f.Family)) continue;
            result.Add(f.Family);
        }
        return result.ToImmutable();
    }

    private static bool Accepts(ImmutableArray<AddPathFamily> families, AfiSafi family)
    {
        foreach (var f in families)
            if (f.Family == family && (f.Direction & AddPathDirection.Receive) != 0) return true;
        return false;
    }

    /// <summary>True when the OPEN of the side receiving messages going this way has not been seen.</summary>
    public bool ReceiverUnknown(bool fromLocal) => (fromLocal ? PeerAddPath : LocalAddPath) is null;

    /// <summary>Records what the receiving side must have agreed to, as inferred from the messages themselves.</summary>
    public void SetReceiver(bool fromLocal, ImmutableArray<AfiSafi> receives)
    {
        var builder = ImmutableArray.CreateBuilder<AddPathFamily>(receives.Length);
        foreach (var f in receives) builder.Add(new AddPathFamily(f, AddPathDirection.Receive));
        if (fromLocal) PeerAddPath = builder.MoveToImmutable();
        else LocalAddPath = builder.MoveToImmutable();
    }
}
