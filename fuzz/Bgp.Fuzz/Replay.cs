namespace Bgp.Fuzz;

/// <summary>Runs saved inputs through <see cref="FuzzTarget"/> outside any fuzzer and reports what throws.</summary>
public static class Replay
{
    public static int Run(ReadOnlySpan<string> paths)
    {
        int inputs = 0, failures = 0;
        foreach (string path in paths)
        {
            string[] files = Directory.Exists(path)
                ? Directory.GetFiles(path, "*", SearchOption.AllDirectories)
                : [path];
            Array.Sort(files, StringComparer.Ordinal);
            foreach (string file in files)
            {
                // AFL keeps a README.txt next to its crashes; it is not an input.
                if (Path.GetFileName(file) == "README.txt") continue;
                inputs++;
                try
                {
                    FuzzTarget.Run(File.ReadAllBytes(file));
                }
                catch (Exception e)
                {
                    failures++;
                    Console.WriteLine($"{file}: {e}");
                }
            }
        }
        Console.WriteLine($"replayed {inputs} inputs: {failures} threw");
        return failures == 0 ? 0 : 1;
    }
}
