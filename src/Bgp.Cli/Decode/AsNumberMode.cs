namespace Bgp.Cli.Decode;

/// <summary>How AS numbers in AS_PATH and AGGREGATOR are read (RFC 6793): inferred, or forced by --as2 / --as4.</summary>
internal enum AsNumberMode
{
    Infer = 0,
    TwoOctet = 2,
    FourOctet = 4,
}
