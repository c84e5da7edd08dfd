using System.Collections.Immutable;

namespace Bgp.Rib.Policy;

/// <summary>
/// A named route filter: an ordered list of terms tried first to last, and a default verdict for a route
/// that no term decided. A term whose conditions all match applies its actions in order; a final action
/// (<see cref="RouteAction.Accept"/> / <see cref="RouteAction.Reject"/>) ends the evaluation, and a term with
/// only modifying actions applies them and lets the next term look at the changed route (as BIRD's
/// filters and GoBGP's "next-statement" do). A user filter rejects by default, so that a typo in a match
/// fails closed. The built-ins <see cref="AcceptAll"/> and <see cref="RejectAll"/> are the filters the
/// configuration names <c>accept-all</c> and <c>reject-all</c>.
/// </summary>
public sealed class Filter
{
    public const string AcceptAllName = "accept-all";
    public const string RejectAllName = "reject-all";

    public static readonly Filter AcceptAll = new(AcceptAllName, [], PolicyVerdict.Accept);
    public static readonly Filter RejectAll = new(RejectAllName, [], PolicyVerdict.Reject);

    public Filter(string name, ImmutableArray<PolicyTerm> terms, PolicyVerdict defaultVerdict = PolicyVerdict.Reject)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Terms = terms.IsDefault ? [] : terms;
        foreach (var term in Terms) ArgumentNullException.ThrowIfNull(term, nameof(terms));
        Default = defaultVerdict;
    }

    public string Name { get; }
    public ImmutableArray<PolicyTerm> Terms { get; }

    /// <summary>The verdict when no term decided (every term failed to match or only modified the route).</summary>
    public PolicyVerdict Default { get; }

    /// <summary>True for the two built-in filters, which cannot be redefined.</summary>
    public bool IsBuiltIn => ReferenceEquals(this, AcceptAll) || ReferenceEquals(this, RejectAll);

    /// <summary>Runs this filter over <paramref name="route"/>; see <see cref="PolicyEvaluator.Evaluate"/>.</summary>
    public PolicyResult Evaluate(in RouteContext route) => PolicyEvaluator.Evaluate(this, route);

    public override string ToString() => $"filter {Name} ({Terms.Length} terms, default {Default})";
}
