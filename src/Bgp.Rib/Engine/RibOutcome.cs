namespace Bgp.Rib.Engine;

/// <summary>
/// Something the engine cannot do itself (it touches no session) and leaves for the RIB loop, which drains
/// them with <see cref="RibEngine.TakeOutcomes"/> after each batch of commands.
/// </summary>
public abstract record RibOutcome(int PeerId);
