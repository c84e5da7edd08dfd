namespace Bgp.Testing;

/// <summary>
/// Finds the repository's fixtures: walks up from the test assembly's directory to the folder that holds
/// Bgp.sln, so tests run the same from the IDE, from `dotnet test` and from a CI checkout.
/// </summary>
public static class FixturePaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The folder containing Bgp.sln.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>fixtures/corpus: the real-world wire data described by its README.md.</summary>
    public static string Corpus => Path.Combine(RepositoryRoot, "fixtures", "corpus");

    /// <summary>An absolute path for a path relative to fixtures/corpus (forward slashes allowed).</summary>
    public static string InCorpus(string relative) =>
        Path.Combine(Corpus, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bgp.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no Bgp.sln above {AppContext.BaseDirectory}: cannot find fixtures");
    }
}
