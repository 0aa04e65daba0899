using System.Security.Claims;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.OpenApi;
using HiParis.Mooc.Domain.Courses;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HiParis.Mooc.Api.Features.Studio;

/// <summary>The draft of a course: read it with its ETag, open one, discard it.</summary>
internal static class DraftEndpoints
{
    public static RouteGroupBuilder MapDraftEndpoints(this RouteGroupBuilder studio)
    {
        studio.MapGet(StudioApiPaths.DraftRoute, GetDraft).WithName("GetDraft").WithSummary("The draft, its problems, and its ETag.").WithETag();
        studio.MapPost(StudioApiPaths.DraftRoute, CreateDraft).WithName("CreateDraft").WithSummary("Start a draft from the published version (or get the one being edited).").WithETag();
        studio.MapDelete(StudioApiPaths.DraftRoute, DiscardDraft).WithName("DiscardDraft").WithSummary("Discard the draft (If-Match).").ProducesProblems(428);
        return studio;
    }

    private static async Task<Results<Ok<DraftResponse>, ProblemHttpResult>> GetDraft(string slug, HttpContext http, [FromServices] StudioServices services, CancellationToken cancellationToken)
    {
        if (await services.CourseAsync(slug, cancellationToken) is not { } course)
        {
            return DraftETags.CourseNotFound(slug);
        }

        if (await services.DraftAsync(course.Id, cancellationToken) is not { } draft)
        {
            return DraftETags.NoDraft(slug);
        }

        DraftETags.Set(http, services, draft);
        return TypedResults.Ok(services.Response(slug, draft));
    }

    private static async Task<Results<Created<DraftResponse>, Ok<DraftResponse>, ProblemHttpResult>> CreateDraft(
        string slug,
        HttpContext http,
        ClaimsPrincipal principal,
        [FromServices] StudioServices services,
        CancellationToken cancellationToken)
    {
        if (await services.CourseAsync(slug, cancellationToken) is not { } course)
        {
            return DraftETags.CourseNotFound(slug);
        }

        var draft = await services.DraftAsync(course.Id, cancellationToken);
        var created = draft is null;
        if (draft is null)
        {
            // A draft starts from the published version, or, for a course never published, from its titles.
            var published = await services.Db.CourseVersions.AsNoTracking().SingleOrDefaultAsync(v => v.CourseId == course.Id && v.State == ContentState.Published, cancellationToken);
            var content = published?.Content ?? CourseContentJson.Serialize(DraftEdits.Shell(slug, new() { ["en"] = slug }, null));
            var number = 1 + (await services.Db.CourseVersions.Where(v => v.CourseId == course.Id).MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0);
            draft = CourseVersion.Draft(course.Id, number, published?.ContentHash ?? PackageWriter.ContentHash(CourseContentJson.Deserialize(content)), content, principal.UserId(), services.Now);
            services.Db.CourseVersions.Add(draft);
            await services.Db.SaveChangesAsync(cancellationToken);
        }

        DraftETags.Set(http, services, draft);
        var response = services.Response(slug, draft);
        return created ? TypedResults.Created(StudioApiPaths.Draft(slug), response) : TypedResults.Ok(response);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DiscardDraft(string slug, HttpContext http, [FromServices] StudioServices services, CancellationToken cancellationToken)
    {
        if (DraftETags.IfMatch(http) is not { } expected)
        {
            return DraftETags.PreconditionRequired();
        }

        if (await services.CourseAsync(slug, cancellationToken) is not { } course || await services.DraftAsync(course.Id, cancellationToken) is not { } draft)
        {
            return DraftETags.NoDraft(slug);
        }

        DraftETags.Expect(services, draft, expected);
        services.Db.CourseVersions.Remove(draft);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
