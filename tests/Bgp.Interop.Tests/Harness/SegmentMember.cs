using System.Net;

namespace Bgp.Interop.Tests.Harness;

/// <summary>One host on a bridged segment: its namespace (null: the root namespace), interface and addresses.</summary>
public sealed record SegmentMember(string? Namespace, string Interface, IPAddress V4, IPAddress V6);
