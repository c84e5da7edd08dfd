namespace Bgp.Daemon.Config;

internal enum ConfigNodeKind
{
    Scalar,
    Sequence,
    Mapping,
}
