namespace Bgp.Testing;

/// <summary>
/// Hex text to bytes and back, for fixtures and inline test vectors. Accepts the spellings the corpus
/// and the RFCs use: plain lower/upper case, with spaces, colons, dashes or underscores as separators.
/// </summary>
public static class Hex
{
    public static byte[] Bytes(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        Span<char> digits = hex.Length <= 1024 ? stackalloc char[hex.Length] : new char[hex.Length];
        int n = 0;
        foreach (char c in hex)
        {
            if (c is ' ' or ':' or '-' or '_' or '\t' or '\r' or '\n') continue;
            digits[n++] = c;
        }
        return Convert.FromHexString(digits[..n]);
    }

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
