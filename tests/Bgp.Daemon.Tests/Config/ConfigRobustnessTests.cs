using Bgp.Daemon.Config;

namespace Bgp.Daemon.Tests.Config;

public class ConfigRobustnessTests
{
    /// <summary>
    /// Mutations of the example file (YAML punctuation inserted, characters deleted, lines cut short)
    /// must each give a result, never an exception: YamlDotNet was caught throwing
    /// InvalidOperationException on an unclosed flow list. Fixed seed, so a failure is reproducible.
    /// </summary>
    [Fact]
    public void Parse_MutatedExample_NeverThrowsAndEveryErrorIsPlaced()
    {
        string text = File.ReadAllText(ConfigText.Fixture("example.yaml"));
        const string punctuation = ":[]{}-#\"'&*!|>,% \n\t?";
        var random = new Random(20261128);
        for (int i = 0; i < 1000; i++)
        {
            var chars = new System.Text.StringBuilder(text);
            for (int edits = random.Next(1, 4); edits > 0 && chars.Length > 0; edits--)
            {
                int at = random.Next(chars.Length);
                switch (random.Next(3))
                {
                    case 0: chars.Insert(at, punctuation[random.Next(punctuation.Length)]); break;
                    case 1: chars.Remove(at, 1); break;
                    default: chars.Length = at; break;
                }
            }
            string mutated = chars.ToString();
            var result = ConfigText.Parse(mutated);
            Assert.True(result.Success || !result.Errors.IsEmpty, mutated);
            foreach (var e in result.Errors)
            {
                Assert.Equal(ConfigText.FileName, e.File);
                Assert.False(string.IsNullOrWhiteSpace(e.Message), mutated);
            }
        }
    }
}
