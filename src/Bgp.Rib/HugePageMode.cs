namespace Bgp.Rib;

/// <summary>Whether the <see cref="HugePageArena"/> advises its mappings as transparent huge pages (bgpd's <c>hugePages</c>).</summary>
public enum HugePageMode
{
    /// <summary>
    /// Per mapping, whichever page size has cost less to touch for the first time in this process (measured on the
    /// mappings themselves, see <see cref="PageSizeChooser"/>).
    /// </summary>
    Auto,

    /// <summary>Every mapping is advised (MADV_HUGEPAGE).</summary>
    Always,

    /// <summary>Every mapping is advised against huge pages (MADV_NOHUGEPAGE): 4 KiB pages, also where THP is "always".</summary>
    Never,
}
