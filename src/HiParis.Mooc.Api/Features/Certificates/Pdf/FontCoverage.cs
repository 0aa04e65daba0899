using System.Buffers.Binary;

namespace HiParis.Mooc.Api.Features.Certificates.Pdf;

/// <summary>
/// Which characters a TrueType font draws, read from its <c>cmap</c> table (format 12 when the font has it,
/// else format 4): a character it maps to glyph 0 would print as an empty box, so another font must draw it.
/// </summary>
internal sealed class FontCoverage
{
    private readonly byte[] _font;
    private readonly int _subtable;
    private readonly ushort _format;

    private FontCoverage(byte[] font, int subtable, ushort format)
    {
        _font = font;
        _subtable = subtable;
        _format = format;
    }

    /// <summary>The coverage of a font file, or null when it is no TrueType font with a Unicode map we read.</summary>
    public static FontCoverage? Read(byte[] font)
    {
        if (font.Length < 12 || U32(font, 0) is not (0x00010000u or 0x74727565u))
        {
            // Not a single TrueType-outline font ("OTTO" is CFF, "ttcf" a collection): left to other fonts.
            return null;
        }

        var tables = U16(font, 4);
        for (var table = 0; table < tables; table++)
        {
            var record = 12 + (table * 16);
            if (U32(font, record) != 0x636D6170u)
            {
                continue;
            }

            var cmap = (int)U32(font, record + 8);
            var best = (Offset: -1, Format: (ushort)0);
            for (var encoding = 0; encoding < U16(font, cmap + 2); encoding++)
            {
                var entry = cmap + 4 + (encoding * 8);
                var (platform, specific) = (U16(font, entry), U16(font, entry + 2));
                var offset = cmap + (int)U32(font, entry + 4);
                var format = U16(font, offset);
                var unicode = platform == 0 || (platform == 3 && specific is 1 or 10);
                if (unicode && (format == 12 || (format == 4 && best.Format != 12)))
                {
                    best = (offset, format);
                }
            }

            return best.Offset < 0 ? null : new FontCoverage(font, best.Offset, best.Format);
        }

        return null;
    }

    public bool Covers(int codePoint) => _format == 12 ? CoversFormat12(codePoint) : CoversFormat4(codePoint);

    private bool CoversFormat12(int codePoint)
    {
        var groups = U32(_font, _subtable + 12);
        for (var group = 0; group < groups; group++)
        {
            var at = _subtable + 16 + (group * 12);
            if (codePoint >= U32(_font, at) && codePoint <= U32(_font, at + 4))
            {
                return U32(_font, at + 8) + (uint)(codePoint - (int)U32(_font, at)) != 0;
            }
        }

        return false;
    }

    private bool CoversFormat4(int codePoint)
    {
        if (codePoint > 0xFFFF)
        {
            return false;
        }

        var segments = U16(_font, _subtable + 6) / 2;
        var ends = _subtable + 14;
        var starts = ends + (segments * 2) + 2;
        var deltas = starts + (segments * 2);
        var rangeOffsets = deltas + (segments * 2);
        for (var segment = 0; segment < segments; segment++)
        {
            if (codePoint > U16(_font, ends + (segment * 2)))
            {
                continue;
            }

            var start = U16(_font, starts + (segment * 2));
            if (codePoint < start)
            {
                return false;
            }

            var delta = U16(_font, deltas + (segment * 2));
            var rangeOffset = U16(_font, rangeOffsets + (segment * 2));
            if (rangeOffset == 0)
            {
                return ((codePoint + delta) & 0xFFFF) != 0;
            }

            var glyph = U16(_font, rangeOffsets + (segment * 2) + rangeOffset + ((codePoint - start) * 2));
            return glyph != 0 && ((glyph + delta) & 0xFFFF) != 0;
        }

        return false;
    }

    private static ushort U16(byte[] bytes, int at) => BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at, 2));

    private static uint U32(byte[] bytes, int at) => BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at, 4));
}
