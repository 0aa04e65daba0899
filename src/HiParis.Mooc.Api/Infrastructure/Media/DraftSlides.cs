using System.Globalization;
using System.Text;
using HiParis.Mooc.Api.Infrastructure.Text;

namespace HiParis.Mooc.Api.Infrastructure.Media;

/// <summary>
/// One slide of a draft video, 854×480: the lesson's title, the point being made (the current chapter's
/// title), and a discreet footer with the course's title and "Hi! PARIS". Drawn by ffmpeg with Noto Sans.
/// </summary>
internal static class DraftSlides
{
    public const int Width = 854;
    public const int Height = 480;
    private const int Margin = 56;
    private const int TitleSize = 34;
    private const int PointSize = 26;
    private const int FooterSize = 15;

    public static async Task RenderAsync(MediaTools tools, string path, string courseTitle, string lessonTitle, string? point, bool lowPriority, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(path)!;
        var stem = Path.GetFileNameWithoutExtension(path);
        var titleLines = Wrap(lessonTitle, 40, 3);
        var pointLines = point is null ? [] : Wrap(point, 52, 4);
        var titleY = pointLines.Count == 0 ? 170 : 112;
        var pointY = titleY + (titleLines.Count * (TitleSize + 14)) + 34;

        List<string> filters =
        [
            $"drawbox=x={Margin}:y={titleY - 30}:w=72:h=6:color=0xf2b134:t=fill",
            Text(tools.BoldFont, await TextFileAsync(folder, $"{stem}-title.txt", titleLines, cancellationToken), TitleSize, "0xffffff", titleY),
            Text(tools.RegularFont, await TextFileAsync(folder, $"{stem}-footer.txt", [$"{courseTitle}  ·  Hi! PARIS"], cancellationToken), FooterSize, "0x8da2bd", Height - 44),
        ];
        if (pointLines.Count > 0)
        {
            filters.Add(Text(tools.RegularFont, await TextFileAsync(folder, $"{stem}-point.txt", pointLines, cancellationToken), PointSize, "0xd3deed", pointY));
        }

        await MediaTools.RunAsync(
            tools.Ffmpeg,
            ["-y", "-v", "error", "-f", "lavfi", "-i", $"color=c=0x112a45:s={Width}x{Height}:d=1", "-vf", string.Join(',', filters), "-frames:v", "1", path],
            lowPriority,
            cancellationToken);
    }

    /// <summary>Words on lines of at most <paramref name="width"/> characters; past <paramref name="maxLines"/>, an ellipsis.</summary>
    public static List<string> Wrap(string text, int width, int maxLines)
    {
        var lines = WordWrap.Lines(text, width);
        if (lines.Count > maxLines)
        {
            lines = [.. lines.Take(maxLines)];
            lines[^1] += " …";
        }

        return lines;
    }

    // Text goes through a file with expansion off: nothing in a title is read as filter syntax or as %{…}.
    private static string Text(string font, string file, int size, string color, int y) =>
        string.Create(CultureInfo.InvariantCulture, $"drawtext=fontfile={font}:textfile={file}:expansion=none:fontsize={size}:fontcolor={color}:x={Margin}:y={y}:line_spacing={size / 3}");

    private static async Task<string> TextFileAsync(string folder, string name, IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, name);
        await File.WriteAllTextAsync(path, string.Join('\n', lines), new UTF8Encoding(false), cancellationToken);
        return path;
    }
}
