namespace Bgp.Cli.Output;

/// <summary>A table column: its header and whether its cells are numbers (right-aligned).</summary>
internal sealed record TableColumn(string Header, bool RightAligned = false);
