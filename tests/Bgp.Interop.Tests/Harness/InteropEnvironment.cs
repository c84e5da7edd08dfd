namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// Preconditions of the interop suite: root (network namespaces, veth, TCP MD5 keys) and the peer
/// daemons that scripts/install-peers.sh installs. A missing precondition fails the test with a message
/// saying what to do, never skips it: CI runs as root and must run these tests.
/// </summary>
public static class InteropEnvironment
{
    public const string BirdPath = "/usr/sbin/bird";
    public const string BirdcPath = "/usr/sbin/birdc";
    public const string GoBgpdPath = "/usr/bin/gobgpd";
    public const string GoBgpPath = "/usr/bin/gobgp";
    public const string ZebraPath = "/usr/lib/frr/zebra";
    public const string FrrBgpdPath = "/usr/lib/frr/bgpd";
    public const string VtyshPath = "/usr/bin/vtysh";

    public static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException(
                "the interop tests need root: they create network namespaces, veth pairs and TCP MD5 keys. " +
                "Run `sudo bash scripts/test.sh` (CI runs as root).");
    }

    public static void RequireTool(string path)
    {
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: run `sudo bash scripts/install-peers.sh` first.");
    }
}
