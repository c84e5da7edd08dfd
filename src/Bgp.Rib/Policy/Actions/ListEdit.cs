using System.Collections.Immutable;

namespace Bgp.Rib.Policy;

/// <summary>
/// Add / remove / replace over an attribute's list of communities, returning the same array when the
/// edit changes nothing, so that the caller can keep the same attribute set.
/// </summary>
internal static class ListEdit
{
    public static ImmutableArray<T> Apply<T>(ImmutableArray<T> current, CommunityEdit edit, ImmutableArray<T> values)
        where T : IEquatable<T>
    {
        switch (edit)
        {
            case CommunityEdit.Add:
            {
                int missing = 0;
                foreach (var v in values)
                    if (IndexOf(current, v) < 0) missing++;
                if (missing == 0) return current;
                var builder = ImmutableArray.CreateBuilder<T>(current.Length + missing);
                builder.AddRange(current);
                foreach (var v in values)
                    if (IndexOf(builder, v) < 0) builder.Add(v);
                return builder.DrainToImmutable();
            }
            case CommunityEdit.Remove:
            {
                int drop = 0;
                foreach (var c in current)
                    if (IndexOf(values, c) >= 0) drop++;
                if (drop == 0) return current;
                var builder = ImmutableArray.CreateBuilder<T>(current.Length - drop);
                foreach (var c in current)
                    if (IndexOf(values, c) < 0) builder.Add(c);
                return builder.MoveToImmutable();
            }
            default:
                return SequenceEqual(current, values) ? current : values;
        }
    }

    public static bool SequenceEqual<T>(ImmutableArray<T> a, ImmutableArray<T> b) where T : IEquatable<T>
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (!a[i].Equals(b[i])) return false;
        return true;
    }

    public static int Hash<T>(ImmutableArray<T> values)
    {
        var h = new HashCode();
        foreach (var v in values) h.Add(v);
        return h.ToHashCode();
    }

    private static int IndexOf<T>(ImmutableArray<T> list, T value) where T : IEquatable<T>
    {
        for (int i = 0; i < list.Length; i++)
            if (list[i].Equals(value)) return i;
        return -1;
    }

    private static int IndexOf<T>(ImmutableArray<T>.Builder list, T value) where T : IEquatable<T>
    {
        for (int i = 0; i < list.Count; i++)
            if (list[i].Equals(value)) return i;
        return -1;
    }
}
