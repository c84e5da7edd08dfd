namespace Bgp.Rib.Policy;

/// <summary>
/// What a term does to a route it matched. Final actions (<see cref="Accept"/>, <see cref="Reject"/>) end
/// the filter; the others change the route and let the term go on. Actions never mutate: they replace the
/// attribute set with a new immutable one, and only when a value really changes. The set of actions is
/// closed (the evaluator relies on it); each is a record named after the configuration key it maps from.
/// </summary>
public abstract record RouteAction
{
    private protected RouteAction() { }

    public static RouteAction Accept => AcceptAction.Instance;
    public static RouteAction Reject => RejectAction.Instance;

    /// <summary>True for accept and reject, which end the evaluation.</summary>
    public virtual bool IsFinal => false;

    /// <summary>The verdict of a final action; meaningless for the others.</summary>
    internal virtual PolicyVerdict FinalVerdict => PolicyVerdict.Reject;

    /// <summary>Applies a modifying action; a final action does nothing here (the evaluator handles it).</summary>
    internal abstract void Apply(ref RouteEdit edit);
}
