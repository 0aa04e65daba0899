using System.Security.Cryptography;

namespace HiParis.Mooc.Domain.Certificates;

/// <summary>
/// A certificate's public code: 80 random bits in Crockford's base 32 (no I, L, O or U, so nothing
/// reads as another letter or a word), shown in four groups: <c>7KQ2-M9XD-4HT0-ZB6R</c>.
/// Reading forgives case, dashes, spaces, and the letters people mistake for digits.
/// </summary>
public static class VerificationCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public const int Length = 16;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        var code = new char[Length];
        var bits = 0UL;
        var bitCount = 0;
        var next = 0;
        foreach (var b in bytes)
        {
            bits = (bits << 8) | b;
            bitCount += 8;
            while (bitCount >= 5)
            {
                bitCount -= 5;
                code[next++] = Alphabet[(int)((bits >> bitCount) & 31)];
            }
        }

        return new string(code);
    }

    /// <summary>The stored form of a code as typed (<c>7kq2 m9xd-4ht0-zb6r</c>), or null when it cannot be one.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 40)
        {
            return null;
        }

        var code = new char[Length];
        var count = 0;
        foreach (var c in typed)
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (count == Length || !Alphabet.Contains(upper, StringComparison.Ordinal))
            {
                return null;
            }

            code[count++] = upper;
        }

        return count == Length ? new string(code) : null;
    }

    public static string Display(string code) => $"{code[..4]}-{code[4..8]}-{code[8..12]}-{code[12..]}";
}
