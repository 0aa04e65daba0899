using System.Text;

namespace HiParis.Mooc.Api.Infrastructure.Text;

/// <summary>Text laid out by character count, for pictures drawn without a text engine (slides, badges).</summary>
public static class WordWrap
{
    /// <summary>Words gathered into lines of at most <paramref name="width"/> characters (a longer word keeps a line to itself).</summary>
    public static List<string> Lines(string text, int width)
    {
        List<string> lines = [];
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }
}
