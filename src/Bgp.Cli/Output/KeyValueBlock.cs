namespace Bgp.Cli.Output;

/// <summary>
/// "Label:  value" lines with the values lined up, indented by level, like <c>birdc show protocols all</c>.
/// A null value prints the label alone (a section heading).
/// </summary>
internal sealed class KeyValueBlock
{
    private readonly List<(int Indent, string Label, string? Value)> _lines = [];

    public KeyValueBlock Add(string label, string? value, int indent = 1)
    {
        _lines.Add((indent, label, value));
        return this;
    }

    public void Write(TextWriter output)
    {
        int width = 0;
        foreach (var (indent, label, value) in _lines)
            if (value is not null) width = Math.Max(width, indent * 2 + label.Length + 1);
        foreach (var (indent, label, value) in _lines)
        {
            string left = new string(' ', indent * 2) + label + ":";
            output.WriteLine(value is null ? left : left.PadRight(width + 2) + value);
        }
    }
}
