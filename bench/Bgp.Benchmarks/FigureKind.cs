namespace Bgp.Benchmarks;

/// <summary>The derived figures <see cref="FigureColumn"/> adds to BenchmarkDotNet's table.</summary>
public enum FigureKind
{
    /// <summary>Octets processed per second, in 10^6 octets.</summary>
    MegabytesPerSecond,
    NanosecondsPerPrefix,
    AllocatedBytesPerPrefix,
    /// <summary>Time per octet divided by the memory copy's time per octet in the same class and run.</summary>
    TimesMemoryCopy,
}
