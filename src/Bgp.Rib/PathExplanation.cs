namespace Bgp.Rib;

/// <summary>
/// One candidate of a destination and why it stands where it does: <see cref="LostAt"/> is the decision
/// step that ruled it out (<see cref="DecisionStep.None"/> for the best path).
/// </summary>
public readonly record struct PathExplanation(RibPath Path, DecisionStep LostAt, bool IsBest, bool InMultipath, NextHopState NextHop);
