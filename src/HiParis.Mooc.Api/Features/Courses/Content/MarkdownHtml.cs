using System.Runtime.CompilerServices;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HiParis.Mooc.Api.Features.Courses.Content;

/// <summary>
/// Course text (lesson notes, readings, a course's description) from Markdown to HTML that is safe to put in
/// a page: raw HTML is never passed through (it is shown as text), links and images keep only http(s),
/// mailto and relative addresses, links get <c>rel="noopener noreferrer"</c>, headings get ids. No extension
/// that writes attributes from the text (generic attributes) is on.
/// </summary>
public static class MarkdownHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseFootnotes()
        .UseAutoLinks()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UseReferralLinks("noopener", "noreferrer")
        .Build();

    // Course text is immutable and held by the cached course edition: its HTML lives as long as its string does.
    private static readonly ConditionalWeakTable<string, string> Rendered = [];

    /// <summary>The safe HTML of <paramref name="markdown"/>, rendered once per text of a course edition.</summary>
    public static string Render(string markdown) => Rendered.GetValue(markdown, RenderNow);

    private static string RenderNow(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().Where(link => !IsSafe(link.Url)))
        {
            link.Url = "#";
        }

        foreach (var link in document.Descendants<AutolinkInline>().Where(link => !link.IsEmail && !IsSafe(link.Url)))
        {
            link.Url = "#";
        }

        return document.ToHtml(Pipeline);
    }

    /// <summary>http, https and mailto, or an address with no scheme (relative, an anchor).</summary>
    internal static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }

        // Browsers ignore control characters and blanks inside a scheme ("java\tscript:"): so does this check.
        var compact = new string([.. url.Where(character => !char.IsControl(character) && !char.IsWhiteSpace(character))]);
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        var boundary = compact.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (boundary >= 0 && boundary < colon))
        {
            return true;
        }

        return compact[..colon].ToLowerInvariant() is "http" or "https" or "mailto";
    }
}
