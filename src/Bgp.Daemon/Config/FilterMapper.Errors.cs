using System.Collections.Immutable;

namespace Bgp.Daemon.Config;

public static partial class FilterMapper
{
    /// <summary>
    /// Collects <see cref="ConfigError"/>s for one file. A <see cref="BgpdConfig"/> keeps no positions, so
    /// the errors carry the key path (which the user can search for) and no line.
    /// </summary>
    private sealed class Errors(string fileName)
    {
        private readonly List<ConfigError> _list = [];

        public int Count => _list.Count;

        public void Add(string path, string message) => _list.Add(new ConfigError(fileName, null, null, path, message));

        public ImmutableArray<ConfigError> ToImmutable() => [.. _list];
    }
}
