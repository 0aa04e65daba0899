using System.Security.Claims;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.OpenApi;
using HiParis.Mooc.Domain.Courses;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Studio;

/// <summary>The draft as learners would see it, and publishing it as the course's new version.</summary>
internal static class PublishEndpoints
{
    public static RouteGroupBuilder MapPublishEndpoints(this RouteGroupBuilder studio)
    {
        studio.MapGet(StudioApiPaths.PreviewRoute, Preview).WithName("PreviewDraft").WithSummary("The draft as a learner would see it in the catalog.");
        studio.MapPost(StudioApiPaths.PublishRoute, Publish).WithName("PublishDraft").WithSummary("Publish the draft as the new version (If-Match); learners keep their progress, attempts and grades.").ProducesProblems(428);
        return studio;
    }

    private static async Task<Results<Ok<CourseDetailResponse>, ProblemHttpResult>> Preview(string slug, StudioServices services, CancellationToken cancellationToken)
    {
        if (await services.CourseAsync(slug, cancellationToken) is not { } course || await services.DraftAsync(course.Id, cancellationToken) is not { } draft)
        {
            return DraftETags.NoDraft(slug);
        }

        // A draft's media may not be published yet: the preview shows where they will be, unsigned.
        return TypedResults.Ok(CourseContentJson.Deserialize(draft.Content).ToDetail(services.Now, path => path));
    }

    private static async Task<Results<Ok<PublishResponse>, ProblemHttpResult, ValidationProblem>> Publish(string slug, HttpContext http, ClaimsPrincipal principal, StudioServices services, CancellationToken cancellationToken)
    {
        if (DraftETags.IfMatch(http) is not { } expected)
        {
            return DraftETags.PreconditionRequired();
        }

        if (await services.CourseAsync(slug, cancellationToken) is not { } course || await services.DraftAsync(course.Id, cancellationToken) is not { } draft)
        {
            return DraftETags.NoDraft(slug);
        }

        var package = CourseContentJson.Deserialize(draft.Content);
        var publishedHash = await services.Db.CourseVersions.AsNoTracking().Where(v => v.CourseId == course.Id && v.State == ContentState.Published).Select(v => v.ContentHash).SingleOrDefaultAsync(cancellationToken);
        if (services.ETagOf(draft) == expected && publishedHash == PackageWriter.ContentHash(package))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: Pick("The draft is the published version.", "Le brouillon est identique à la version publiée."),
                detail: Pick("Change something, or discard the draft.", "Modifiez quelque chose, ou abandonnez le brouillon."),
                type: "https://hiparis-mooc.dev/problems/studio.nothing-to-publish",
                extensions: new Dictionary<string, object?> { ["code"] = "studio.nothing-to-publish" });
        }

        try
        {
            var number = await services.Importer.PublishDraftAsync(slug, course.Id, expected, StudioServices.Problems, principal.UserId(), cancellationToken);
            return TypedResults.Ok(new PublishResponse(slug, number, "published"));
        }
        catch (DraftNotPublishableException refused)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["course"] = [.. refused.Problems] }, title: Pick("The draft cannot be published yet.", "Le brouillon ne peut pas encore être publié."));
        }
    }
}
