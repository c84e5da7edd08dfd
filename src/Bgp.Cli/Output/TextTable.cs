using System.Text;

namespace Bgp.Cli.Output;

/// <summary>
/// An aligned text table like birdc's: a header line, cells padded to the widest in their column, two
/// spaces between columns, numbers (and their headers) right-aligned, no trailing blanks. A table of millions of routes cannot be
/// held to measure, so widths are taken from the first <c>alignWindow</c> rows and later rows are written as
/// they come; a later cell wider than its column pushes the rest of its own line only.
/// </summary>
internal sealed class TextTable(TextWriter output, IReadOnlyList<TableColumn> columns, int alignWindow = int.MaxValue)
{
    private const string Gap = "  ";
    private readonly List<string[]> _pending = [];
    private int[]? _widths;
    private readonly StringBuilder _line = new();

    public void AddRow(params string[] cells)
    {
        if (cells.Length != columns.Count) throw new ArgumentException($"expected {columns.Count} cells, got {cells.Length}", nameof(cells));
        if (_widths is not null)
        {
            WriteRow(cells);
            return;
        }
        _pending.Add(cells);
        if (_pending.Count >= alignWindow) FlushPending();
    }

    /// <summary>Writes whatever is still held (the whole table when it was shorter than the window).</summary>
    public void Complete()
    {
        if (_widths is null) FlushPending();
    }

    private void FlushPending()
    {
        var widths = new int[columns.Count];
        for (int c = 0; c < widths.Length; c++) widths[c] = columns[c].Header.Length;
        foreach (var row in _pending)
            for (int c = 0; c < widths.Length; c++) widths[c] = Math.Max(widths[c], row[c].Length);
        _widths = widths;
        var header = new string[columns.Count];
        for (int c = 0; c < header.Length; c++) header[c] = columns[c].Header;
        WriteRow(header);
        foreach (var row in _pending) WriteRow(row);
        _pending.Clear();
    }

    private void WriteRow(string[] cells)
    {
        var widths = _widths!;
        _line.Clear();
        for (int c = 0; c < cells.Length; c++)
        {
            if (c > 0) _line.Append(Gap);
            int pad = Math.Max(0, widths[c] - cells[c].Length);
            bool right = columns[c].RightAligned;
            if (right) _line.Append(' ', pad);
            _line.Append(cells[c]);
            if (!right && c < cells.Length - 1) _line.Append(' ', pad);
        }
        int end = _line.Length;
        while (end > 0 && _line[end - 1] == ' ') end--;
        _line.Length = end;
        output.WriteLine(_line);
    }
}
