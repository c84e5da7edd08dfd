namespace Bgp.Cli.Decode;

/// <summary>
/// Turns one input line of hex into bytes. Spaces, tabs and colons between digits are allowed (so that
/// "ff ff ..." and "ff:ff:..." pasted from other tools work), as is a leading "0x". Anything else is
/// refused with a sentence saying where, never with an exception: a bad line is ordinary input.
/// </summary>
internal static class HexLine
{
    public static bool TryParse(string line, out byte[] bytes, out string? problem)
    {
        bytes = [];
        ReadOnlySpan<char> text = line.AsSpan().Trim();
        int offset = line.Length - line.AsSpan().TrimStart().Length;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
            offset += 2;
        }

        var buffer = new byte[text.Length / 2];
        int count = 0;
        int high = -1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is ' ' or '\t' or ':')
            {
                if (high >= 0)
                {
                    problem = $"separator at column {offset + i + 1} splits a byte";
                    return false;
                }
                continue;
            }
            int digit = HexDigit(c);
            if (digit < 0)
            {
                problem = $"'{c}' at column {offset + i + 1} is not a hex digit";
                return false;
            }
            if (high < 0)
            {
                high = digit;
            }
            else
            {
                buffer[count++] = (byte)(high << 4 | digit);
                high = -1;
            }
        }
        if (high >= 0)
        {
            problem = "odd number of hex digits";
            return false;
        }
        bytes = count == buffer.Length ? buffer : buffer.AsSpan(0, count).ToArray();
        problem = null;
        return true;
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
