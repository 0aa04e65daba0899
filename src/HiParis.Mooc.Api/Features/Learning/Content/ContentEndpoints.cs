using System.Security.Claims;
using HiParis.Mooc.Api.Features.Courses.Content;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Learning.Content;

public static class ContentEndpoints
{
    public static IEndpointRouteBuilder MapContentEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("").WithTags("Learning").RequireAuthorization();
        me.MapGet(LearningApiPaths.ItemRoute, Item).WithName("MyItem")
            .WithSummary("An open item of my course with its content: notes or reading, the video with captions and transcripts, a quiz's policy as I live it. 409 with opensAt before its week opens.");
        me.MapGet(LearningApiPaths.CaptionsRoute, Captions).WithName("MyCaptions")
            .WithSummary("A lesson's captions or transcript in a language: {language}.vtt (WebVTT), .srt (SubRip) or .txt.")
            .ProducesContent("text/vtt").ProducesContent("application/x-subrip").ProducesContent("text/plain").WithETag();

        var preview = app.MapGroup("").WithTags("Catalog").AllowAnonymous();
        preview.MapGet(LearningApiPaths.PreviewItemRoute, Preview).WithName("PreviewItem")
            .WithSummary("A preview item of a course (or its trailer), open to anyone, with its content.");
        preview.MapGet(LearningApiPaths.PreviewCaptionsRoute, PreviewCaptions).WithName("PreviewCaptions")
            .WithSummary("A preview lesson's captions or transcript in a language: {language}.vtt, .srt or .txt.")
            .ProducesContent("text/vtt").ProducesContent("application/x-subrip").ProducesContent("text/plain").WithETag();
        return app;
    }

    private static async Task<Results<Ok<ItemContentResponse>, ProblemHttpResult>> Item(string slug, string key, ClaimsPrincipal principal, CourseContent content, CancellationToken cancellationToken) =>
        await content.ItemAsync(principal.UserId(), slug, key, cancellationToken) switch
        {
            { ItemMissing: true } => ItemNotFound(slug, key),
            { Value: { } item } => TypedResults.Ok(item),
            _ => LearningProblems.NotEnrolled(slug),
        };

    private static async Task<Results<Ok<ItemContentResponse>, ProblemHttpResult>> Preview(string slug, string key, CourseContent content, CancellationToken cancellationToken) =>
        await content.PreviewAsync(slug, key, cancellationToken) is { } item ? TypedResults.Ok(item) : ItemNotFound(slug, key);

    private static Task<IResult> Captions(string slug, string key, string language, string format, ClaimsPrincipal principal, HttpContext http, CourseContent content, CancellationToken cancellationToken) =>
        TranscriptAsync(principal.UserId(), slug, key, language, format, http, content, "private", cancellationToken);

    private static Task<IResult> PreviewCaptions(string slug, string key, string language, string format, HttpContext http, CourseContent content, CancellationToken cancellationToken) =>
        TranscriptAsync(null, slug, key, language, format, http, content, "public", cancellationToken);

    private static async Task<IResult> TranscriptAsync(Guid? userId, string slug, string key, string language, string format, HttpContext http, CourseContent content, string audience, CancellationToken cancellationToken)
    {
        if (!Transcripts.TryParseFormat(format, out var parsed))
        {
            return ItemNotFound(slug, $"{key}/{language}.{format}");
        }

        var outcome = await content.TranscriptAsync(userId, slug, key, language, parsed, cancellationToken);
        if (outcome.Value is not { } file)
        {
            return outcome.ItemMissing ? ItemNotFound(slug, $"{key}/{language}") : LearningProblems.NotEnrolled(slug);
        }

        var etag = new EntityTagHeaderValue(file.ETag);
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.CacheControl = new CacheControlHeaderValue { Public = audience == "public", Private = audience == "private", MaxAge = TimeSpan.FromHours(1) };
        http.Response.Headers.Vary = "Accept-Language";
        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Compare(etag, useStrongComparison: false) || tag.Equals(EntityTagHeaderValue.Any)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Text(file.Text, file.MediaType);
    }

    private static ProblemHttpResult ItemNotFound(string slug, string key) =>
        LearningProblems.NotFound(Pick("Item not found.", "Élément introuvable."), $"{slug}/{key}");
}
