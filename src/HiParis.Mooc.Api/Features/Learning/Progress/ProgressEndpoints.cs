using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.RateLimiting;
using HiParis.Mooc.Domain.Learning;
using Microsoft.AspNetCore.Http.HttpResults;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Learning.Progress;

public sealed record SegmentRequest([Range(0, 86_400)] double Start, [Range(0, 86_400)] double End);

public sealed record HeartbeatRequest(
    [Range(0, long.MaxValue)] long Sequence,
    [Range(0.0625, 16)] double PlaybackRate,
    [Required, MaxLength(200)] List<SegmentRequest> Segments,
    [StringLength(2, MinimumLength = 2)] string? Language = null);

public static class ProgressEndpoints
{
    // The outline comes as JSON written before (ADR 29); the document declares its type with Produces.
    private const string JsonContentType = "application/json; charset=utf-8";

    public static IEndpointRouteBuilder MapProgressEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("").WithTags("Learning").RequireAuthorization();
        me.MapGet(LearningApiPaths.MyCourseRoute, Outline).Produces<MyCourseResponse>().WithName("MyCourse").WithSummary("The outline with my state per module and item.");
        me.MapGet(LearningApiPaths.ResumeRoute, Resume).WithName("Resume").WithSummary("The item to continue with, and where in it.");
        me.MapPost(LearningApiPaths.HeartbeatsRoute, Heartbeat).RequireRateLimiting(RateLimitSetup.Heartbeats).WithName("Heartbeat").WithSummary("Report watched segments of a video lesson.");
        me.MapPost(LearningApiPaths.CompleteItemRoute, CompleteItem).WithName("CompleteItem").WithSummary("Mark a reading as read.");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Outline(string slug, ClaimsPrincipal principal, CourseProgress progress, CancellationToken cancellationToken) =>
        await progress.OutlineJsonAsync(principal.UserId(), slug, cancellationToken) is { } outline ? TypedResults.Bytes(outline, JsonContentType) : LearningProblems.NotEnrolled(slug);

    private static async Task<Results<Ok<ResumeResponse>, ProblemHttpResult>> Resume(string slug, ClaimsPrincipal principal, CourseProgress progress, CancellationToken cancellationToken) =>
        await progress.ResumeAsync(principal.UserId(), slug, cancellationToken) is { } resume ? TypedResults.Ok(resume) : LearningProblems.NotEnrolled(slug);

    private static async Task<Results<Ok<HeartbeatResponse>, ProblemHttpResult, ValidationProblem>> Heartbeat(
        string slug,
        string key,
        HeartbeatRequest request,
        ClaimsPrincipal principal,
        CourseProgress progress,
        CancellationToken cancellationToken)
    {
        if (request.Segments.Any(segment => segment.End < segment.Start))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["segments"] = [Pick("Each segment's end must not be before its start.", "La fin de chaque segment ne doit pas précéder son début.")] });
        }

        var heartbeat = new Heartbeat(request.Sequence, request.PlaybackRate, [.. request.Segments.Select(segment => new Segment(segment.Start, segment.End))], request.Language);
        var outcome = await progress.HeartbeatAsync(principal.UserId(), slug, key, heartbeat, cancellationToken);
        return outcome switch
        {
            { ItemMissing: true } => LearningProblems.NotFound(Pick("Video lesson not found.", "Leçon vidéo introuvable."), $"{slug}/{key}"),
            { Value: { } beat } => TypedResults.Ok(beat),
            _ => LearningProblems.NotEnrolled(slug),
        };
    }

    private static async Task<Results<Ok<ItemStateResponse>, ProblemHttpResult>> CompleteItem(string slug, string key, ClaimsPrincipal principal, CourseProgress progress, CancellationToken cancellationToken)
    {
        var outcome = await progress.CompleteReadingAsync(principal.UserId(), slug, key, cancellationToken);
        return outcome switch
        {
            { ItemMissing: true } => LearningProblems.NotFound(Pick("Item not found.", "Élément introuvable."), $"{slug}/{key}"),
            { Value: { } item } => TypedResults.Ok(item),
            _ => LearningProblems.NotEnrolled(slug),
        };
    }
}
