using System.Net;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Policy;

/// <summary>
/// The outcome of running one filter over one route: the verdict, the attributes and next hop as the
/// filter left them (the very same instances as the input when no action changed anything), whether the
/// export stage must put its own address as next hop, and which term decided (for the API's explain).
/// A struct so that evaluating allocates nothing.
/// </summary>
public readonly struct PolicyResult
{
    internal PolicyResult(Filter filter, PolicyVerdict verdict, int termIndex, PathAttributes attributes, IPAddress? nextHop, bool nextHopSelf, bool modified)
    {
        Filter = filter;
        Verdict = verdict;
        TermIndex = termIndex;
        Attributes = attributes;
        NextHop = nextHop;
        NextHopSelf = nextHopSelf;
        Modified = modified;
    }

    public Filter Filter { get; }
    public PolicyVerdict Verdict { get; }
    public bool Accepted => Verdict == PolicyVerdict.Accept;

    /// <summary>Index into <see cref="Filter.Terms"/> of the term whose final action decided; -1 when the filter's default did.</summary>
    public int TermIndex { get; }

    /// <summary>The deciding term, or null when the filter's default decided.</summary>
    public PolicyTerm? DecidingTerm => TermIndex < 0 ? null : Filter.Terms[TermIndex];

    /// <summary>
    /// The attributes after every applied action. Also set on a rejection (what the route looked like when
    /// rejected), which explain can show; the RIB ignores them then.
    /// </summary>
    public PathAttributes Attributes { get; }

    /// <summary>The next hop after the actions: the context's <see cref="RouteContext.NextHop"/> unless an action set one.</summary>
    public IPAddress? NextHop { get; }

    /// <summary>An action asked for next-hop-self; only the export stage knows the local address of the session.</summary>
    public bool NextHopSelf { get; }

    /// <summary>True when an action changed the attributes or the next hop (a value change, not merely a new instance).</summary>
    public bool Modified { get; }

    /// <summary>"filter NAME term TERM" or "filter NAME default", for explain output (allocates; not for the hot path).</summary>
    public string DecidedBy => DecidingTerm is { } term
        ? $"filter {Filter.Name} term {term.Name} ({Verdict.ToString().ToLowerInvariant()})"
        : $"filter {Filter.Name} default ({Verdict.ToString().ToLowerInvariant()})";

    public override string ToString() => DecidedBy;
}
