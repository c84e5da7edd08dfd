namespace Bgp.Rib.Policy;

/// <summary>
/// The AS_PATH length, counted as the decision process counts it (an AS_SET is 1, confederation segments 0;
/// RFC 4271 9.1.2.2 a), is in [<see cref="Min"/>, <see cref="Max"/>]. A missing AS_PATH has length 0.
/// </summary>
public sealed record AsPathLengthMatch : RouteMatch
{
    public AsPathLengthMatch(int min, int max)
    {
        if (min < 0 || max < min) throw new ArgumentOutOfRangeException(nameof(min), $"length range {min}..{max} is empty");
        Min = min;
        Max = max;
    }

    public int Min { get; }
    public int Max { get; }

    public override bool Matches(in RouteContext route)
    {
        int length = route.Attributes.AsPath?.DecisionLength ?? 0;
        return length >= Min && length <= Max;
    }

    public override string ToString() => $"as-path length {Min}..{Max}";
}
