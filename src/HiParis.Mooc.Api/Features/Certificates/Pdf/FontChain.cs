using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using PdfSharp.Fonts;

namespace HiParis.Mooc.Api.Features.Certificates.Pdf;

/// <summary>
/// The fonts a certificate is printed in, tried in order for each character: DejaVu Sans (shipped in the
/// assembly: Latin, Greek, Cyrillic), then the system's Noto Sans (Debian's <c>fonts-noto-core</c>), Droid
/// Sans Fallback for Chinese, Japanese and Korean (<c>fonts-droid-fallback</c>), and the other Noto Sans
/// scripts. Only TrueType outlines: PDFsharp embeds just the glyphs used of those, so a name in Chinese
/// adds kilobytes, not the 4 MB font. A character no font has is printed by DejaVu (an empty box).
/// </summary>
internal sealed class FontChain : IFontResolver
{
    public const string Primary = "DejaVu Sans";
    private const string Noto = "/usr/share/fonts/truetype/noto";

    private static readonly Lazy<FontChain> Shared = new(() => new FontChain(Candidates()));

    private readonly List<Face> _faces;
    private readonly ConcurrentDictionary<int, string> _families = new();

    private FontChain(List<Face> faces) => _faces = faces;

    public static FontChain Instance => Shared.Value;

    /// <summary>The families in the order they are tried (those installed on this machine).</summary>
    public IEnumerable<string> Families => _faces.Select(face => face.Family);

    /// <summary>A text cut where the font that draws it changes, each piece with its family.</summary>
    public List<(string Family, string Text)> Runs(string text)
    {
        List<(string Family, string Text)> runs = [];
        var piece = new StringBuilder();
        string? family = null;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var next = FamilyOf(Rune.GetRuneAt(element, 0).Value);
            if (family is not null && next != family && !string.IsNullOrWhiteSpace(element))
            {
                runs.Add((family, piece.ToString()));
                piece.Clear();
            }

            family = family is not null && string.IsNullOrWhiteSpace(element) ? family : next;
            piece.Append(element);
        }

        if (piece.Length > 0)
        {
            runs.Add((family!, piece.ToString()));
        }

        return runs;
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var face = _faces.FirstOrDefault(candidate => candidate.Family == familyName) ?? _faces[0];
        return bold && face.Bold is not null
            ? new FontResolverInfo($"{face.Family}|bold", mustSimulateBold: false, mustSimulateItalic: italic)
            : new FontResolverInfo($"{face.Family}|regular", mustSimulateBold: bold, mustSimulateItalic: italic);
    }

    public byte[]? GetFont(string faceName)
    {
        var (family, style) = (faceName[..faceName.IndexOf('|', StringComparison.Ordinal)], faceName[(faceName.IndexOf('|', StringComparison.Ordinal) + 1)..]);
        var face = _faces.Single(candidate => candidate.Family == family);
        return style == "bold" ? face.Bold!.Value : face.Regular.Value;
    }

    private string FamilyOf(int codePoint) =>
        _families.GetOrAdd(codePoint, point => _faces.FirstOrDefault(face => face.Coverage.Value?.Covers(point) == true)?.Family ?? Primary);

    private static List<Face> Candidates()
    {
        List<Face> faces = [new(Primary, Embedded("DejaVuSans"), Embedded("DejaVuSans-Bold"))];
        AddFile(faces, "Noto Sans", Path.Combine(Noto, "NotoSans-Regular.ttf"));
        AddFile(faces, "Droid Sans Fallback", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf");
        if (Directory.Exists(Noto))
        {
            foreach (var file in Directory.EnumerateFiles(Noto, "NotoSans*-Regular.ttf").Order(StringComparer.Ordinal))
            {
                AddFile(faces, Path.GetFileNameWithoutExtension(file)[..^"-Regular".Length], file);
            }
        }

        return faces;
    }

    private static void AddFile(List<Face> faces, string family, string regular)
    {
        if (!File.Exists(regular) || faces.Any(face => face.Family == family || face.File == regular))
        {
            return;
        }

        var bold = regular.Replace("-Regular.ttf", "-Bold.ttf", StringComparison.Ordinal);
        faces.Add(new Face(family, new Lazy<byte[]>(() => File.ReadAllBytes(regular)), bold != regular && File.Exists(bold) ? new Lazy<byte[]>(() => File.ReadAllBytes(bold)) : null, regular));
    }

    private static Lazy<byte[]> Embedded(string name) => new(() =>
    {
        using var stream = typeof(FontChain).Assembly.GetManifestResourceStream($"fonts/{name}.ttf")
            ?? throw new InvalidOperationException($"The font {name} is not embedded.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    });

    /// <summary>A family: its regular face (read only when a character needs it), its bold face if any, its coverage.</summary>
    private sealed record Face(string Family, Lazy<byte[]> Regular, Lazy<byte[]>? Bold, string? File = null)
    {
        public Lazy<FontCoverage?> Coverage { get; } = new(() => FontCoverage.Read(Regular.Value));
    }
}
