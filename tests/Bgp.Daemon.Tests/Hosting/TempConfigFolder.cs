namespace Bgp.Daemon.Tests.Hosting;

/// <summary>A temporary folder for config files, deleted at dispose.</summary>
internal sealed class TempConfigFolder : IDisposable
{
    public TempConfigFolder() => Path = Directory.CreateTempSubdirectory("bgpd-test-").FullName;

    public string Path { get; }

    public string Write(string name, string yaml)
    {
        string file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, yaml);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
