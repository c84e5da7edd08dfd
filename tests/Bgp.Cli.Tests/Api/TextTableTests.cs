using Bgp.Cli.Output;

namespace Bgp.Cli.Tests.Api;

public sealed class TextTableTests
{
    [Fact]
    public void Complete_ShortTable_WidestCellSetsColumnNoTrailingBlanks()
    {
        var output = new StringWriter();
        var table = new TextTable(output, [new TableColumn("NAME"), new TableColumn("N", RightAligned: true), new TableColumn("NOTE")]);
        table.AddRow("a", "1", "");
        table.AddRow("longer", "12345", "x");
        table.Complete();

        Assert.Equal("NAME        N  NOTE\na           1\nlonger  12345  x\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void AddRow_PastAlignWindow_WritesAtOnceWithTheWindowsWidths()
    {
        var output = new StringWriter();
        var table = new TextTable(output, [new TableColumn("A"), new TableColumn("B")], alignWindow: 2);
        table.AddRow("x", "1");
        Assert.Equal("", output.ToString());
        table.AddRow("yy", "2");
        table.AddRow("zzzz", "3");

        // Printed before Complete: the third row did not wait; wider than the window, it pushes its own line only.
        Assert.Equal("A   B\nx   1\nyy  2\nzzzz  3\n", output.ToString().ReplaceLineEndings("\n"));
        table.Complete();
        Assert.Equal(4, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
