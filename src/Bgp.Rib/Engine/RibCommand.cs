namespace Bgp.Rib.Engine;

/// <summary>
/// One instruction for the RIB's single writer, an immutable record carrying the small numeric peer id
/// every owner uses (OpenBGPD's imsg vocabulary between the session engine and the RDE). The RIB loop
/// reads them from one bounded channel and hands each to <see cref="RibEngine.Execute"/> in order.
/// </summary>
public abstract record RibCommand;
