using System.Globalization;
using System.Text;

namespace Bgp.Load;

/// <summary>The receiver's side of the churn workload: one line "kind k seq t" per flap prefix change
/// that arrives (seq -1 for withdrawals, which carry no attributes), t = <see cref="Clock.Mono"/>.</summary>
public sealed class FlapLog
{
    private readonly StringBuilder _lines = new();
    private readonly Lock _lock = new();

    public int Count { get; private set; }
    public double Last { get; private set; }

    public void Add(char kind, int k, long seq, double t)
    {
        lock (_lock)
        {
            _lines.Append(CultureInfo.InvariantCulture, $"{kind} {k} {seq} {t:F6}\n");
            Count++;
            Last = t;
        }
    }

    public void Write(string path)
    {
        lock (_lock) File.WriteAllText(path, _lines.ToString());
    }
}
