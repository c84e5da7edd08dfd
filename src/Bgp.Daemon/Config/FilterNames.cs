namespace Bgp.Daemon.Config;

/// <summary>The built-in filters, which <c>filters:</c> may not redefine.</summary>
public static class FilterNames
{
    public const string AcceptAll = "accept-all";
    public const string RejectAll = "reject-all";

    public static bool IsBuiltIn(string name) => name is AcceptAll or RejectAll;
}
