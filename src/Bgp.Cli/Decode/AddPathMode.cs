namespace Bgp.Cli.Decode;

/// <summary>Whether NLRI carry RFC 7911 path identifiers: inferred, or forced by --addpath / --no-addpath.</summary>
internal enum AddPathMode
{
    Infer = 0,
    On = 1,
    Off = 2,
}
