using Bgp.Protocol.Session;

namespace Bgp.Testing.Session;

/// <summary>One step of a random FSM run: an input, or letting the simulated clock reach the next timer.</summary>
public sealed record FsmStep(string Name, FsmInput? Input)
{
    public bool IsTimerFiring => Input is null;
    public override string ToString() => Name;
}
