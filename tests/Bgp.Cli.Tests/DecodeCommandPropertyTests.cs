using System.Text.Json;
using FsCheck.Xunit;

namespace Bgp.Cli.Tests;

public class DecodeCommandPropertyTests
{
    /// <summary>
    /// Whatever follows a well-formed header (any type 1..5, the right length), each line gives exactly
    /// one parseable JSON object and the command finishes with 0: peer input never crashes the decoder.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool AnyBodyBehindAValidHeader_GivesOneJsonObject(byte type, byte[] body)
    {
        body ??= [];
        if (body.Length > 4000) body = body[..4000];
        int length = 19 + body.Length;
        string line = "ffffffffffffffffffffffffffffffff" + length.ToString("x4") + (type % 5 + 1).ToString("x2")
            + Convert.ToHexStringLower(body);

        var stdout = new StringWriter();
        int exit = Program.Run(["decode"], new StringReader(line + "\n" + line + "\n"), stdout, new StringWriter());

        string[] lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (exit != 0 || lines.Length != 2) return false;
        foreach (string l in lines)
        {
            using var doc = JsonDocument.Parse(l);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return false;
        }
        return true;
    }
}
