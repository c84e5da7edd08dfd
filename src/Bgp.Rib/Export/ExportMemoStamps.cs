namespace Bgp.Rib.Export;

/// <summary>
/// Where <see cref="ExportMemo"/> stamps come from: each memo takes one at construction and at every
/// <see cref="ExportMemo.Clear"/>, and an answer kept on a Loc-RIB set (<see cref="ExportMemoSlot"/>) is valid only
/// while its memo still holds the stamp it was written with. So a stamp must never be handed out twice: a stale
/// answer whose stamp came back would look current to a memo of another peer class and give its peers the
/// wrong next hop. The count is 64-bit and a stamp is its low 32 bits while the count fits them (1 to
/// 2^32 - 1; 0 marks a place never written); after that every memo gets <see cref="None"/> and keeps its
/// answers in its dictionary only, slower but never wrong (at one <see cref="ExportMemo.Clear"/> per 1,024
/// dictionary inserts at least, reaching it takes over 4 * 10^12 rewrites). Tests create memos on many
/// threads, hence the interlocked count.
/// </summary>
internal sealed class ExportMemoStamps
{
    /// <summary>The stamp of a memo that may keep nothing on the sets (the count ran out).</summary>
    public const int None = 0;

    /// <summary>The stamps every memo of the process takes unless a test gives it its own.</summary>
    public static readonly ExportMemoStamps Shared = new();

    private long _last;

    /// <param name="last">The count so far; a test starts near <see cref="uint.MaxValue"/> to see the end.</param>
    public ExportMemoStamps(long last = 0) => _last = last;

    /// <summary>A stamp no memo has had from this source, or <see cref="None"/> once they have all been given.</summary>
    public int Next()
    {
        long next = Interlocked.Increment(ref _last);
        return next <= uint.MaxValue ? unchecked((int)(uint)next) : None;
    }
}
