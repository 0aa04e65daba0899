using System.Security.Claims;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Domain.Courses;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HiParis.Mooc.Api.Features.Studio;

public sealed record PublishResponse(string Course, int Version, string State);

public sealed record StudioCourseResponse(string Slug, string Title, int? PublishedVersion, bool HasDraft);

/// <summary>
/// Authoring under <c>/api/studio/courses/{slug}</c>, for the course's staff (and admins): a draft edited
/// piece by piece with the package validator's rules, previewed, published as a new version, exchanged
/// as a zip in the <c>courses/</c> layout. Every edit sends the draft's ETag in <c>If-Match</c>: an edit
/// based on a draft someone changed since is refused (409), never applied over their change.
/// </summary>
public static class StudioEndpoints
{
    public static IServiceCollection AddStudio(this IServiceCollection services)
    {
        services.AddScoped<StudioServices>();
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, CourseStaffHandler>();
        services.AddAuthorizationBuilder().AddPolicy(CourseStaffRequirement.Policy, policy => policy.RequireAuthenticatedUser().AddRequirements(new CourseStaffRequirement()));
        return services;
    }

    public static IEndpointRouteBuilder MapStudioEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(StudioApiPaths.MyCourses, MyCourses).WithTags("Studio").RequireAuthorization().WithName("StudioCourses").WithSummary("The courses I staff (every course for an admin).");
        var studio = app.MapGroup("").WithTags("Studio").RequireAuthorization(CourseStaffRequirement.Policy);
        studio.MapDraftEndpoints();
        studio.MapDraftEditEndpoints();
        studio.MapPublishEndpoints();
        studio.MapPackageExchangeEndpoints();
        studio.MapMediaUploadEndpoints();
        return app;
    }

    private static async Task<Ok<List<StudioCourseResponse>>> MyCourses(ClaimsPrincipal principal, [FromServices] StudioServices services, CancellationToken cancellationToken)
    {
        var userId = principal.UserId();
        var admin = principal.IsInRole(Infrastructure.Identity.Roles.Admin);
        var rows = await services.Db.Courses.AsNoTracking()
            .Where(course => admin || services.Db.CourseStaff.Any(staff => staff.CourseId == course.Id && staff.UserId == userId))
            .OrderBy(course => course.Slug)
            .Select(course => new
            {
                course.Slug,
                Published = services.Db.CourseVersions.Where(v => v.CourseId == course.Id && v.State == ContentState.Published).Select(v => new { v.Number, v.Content }).FirstOrDefault(),
                Draft = services.Db.CourseVersions.Where(v => v.CourseId == course.Id && v.State == ContentState.Draft).Select(v => v.Content).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(row => new StudioCourseResponse(
            row.Slug,
            (row.Published?.Content ?? row.Draft) is { } content ? CatalogMapping.Local(CourseContentJson.Deserialize(content).Title) : row.Slug,
            row.Published?.Number,
            row.Draft is not null)).ToList());
    }
}
