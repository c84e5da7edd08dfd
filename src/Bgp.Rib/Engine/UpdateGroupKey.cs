using Bgp.Rib.Export;
using Bgp.Rib.Policy;

namespace Bgp.Rib.Engine;

/// <summary>
/// Everything the export of a route and the encoding of its UPDATE read from a groupable peer (RibEngine.Groups.cs):
/// peers with equal keys get byte-identical output, so they may share one Adj-RIB-Out. The export rules read the
/// peer's <see cref="ExportPeer"/> without its id and BGP Identifier (<see cref="ExportMemo.ClassOf"/>: kind,
/// reflector client, next-hop mode, MED propagation, our addresses on the session, which are also what
/// next-hop-self in export policy reads); the export policy is its resolved filter (by reference: a reload that
/// changes a filter makes a new one, <see cref="ReplacePolicy"/>); the families it is sent; and the writer reads
/// the 4-octet AS and extended message options (a groupable peer sends no path ids).
/// </summary>
internal readonly record struct UpdateGroupKey(ExportPeer Class, Filter Export, bool SendsV4, bool SendsV6, bool FourOctetAs, bool ExtendedMessage);
