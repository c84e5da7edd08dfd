using System.Collections.Immutable;

namespace Bgp.Rib.Policy;

/// <summary>
/// One term of a <see cref="Filter"/>: conditions that must all match (none means "every route") and the
/// actions applied, in order, when they do. At most one final action (accept or reject), and it comes
/// last: anything after it would never run, so such a term is a configuration error, refused here.
/// </summary>
public sealed class PolicyTerm
{
    public PolicyTerm(string name, ImmutableArray<RouteMatch> matches, ImmutableArray<RouteAction> actions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Matches = matches.IsDefault ? [] : matches;
        Actions = actions.IsDefault ? [] : actions;
        foreach (var m in Matches) ArgumentNullException.ThrowIfNull(m, nameof(matches));
        for (int i = 0; i < Actions.Length; i++)
        {
            var action = Actions[i];
            ArgumentNullException.ThrowIfNull(action, nameof(actions));
            if (action.IsFinal)
            {
                if (i != Actions.Length - 1)
                    throw new ArgumentException($"term '{name}': '{action}' must be the last action; the ones after it would never run", nameof(actions));
                Verdict = action.FinalVerdict;
            }
        }
    }

    public string Name { get; }
    public ImmutableArray<RouteMatch> Matches { get; }
    public ImmutableArray<RouteAction> Actions { get; }

    /// <summary>The verdict of the term's final action, or null for a term that only modifies and falls through.</summary>
    public PolicyVerdict? Verdict { get; }

    /// <summary>True when every condition matches <paramref name="route"/>.</summary>
    public bool MatchesRoute(in RouteContext route)
    {
        foreach (var m in Matches)
            if (!m.Matches(route)) return false;
        return true;
    }

    public override string ToString() => $"term {Name}";
}
