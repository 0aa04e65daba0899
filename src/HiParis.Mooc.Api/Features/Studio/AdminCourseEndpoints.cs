using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Api.Infrastructure.Audit;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Studio;

public sealed record CreateCourseRequest(
    [Required, RegularExpression("^[a-z0-9][a-z0-9-]{1,63}$")] string Slug,
    [Required] Dictionary<string, string> Title,
    Dictionary<string, string>? Summary);

public sealed record StaffRequest([Required, EmailAddress, MaxLength(256)] string Email);

public sealed record StaffMemberResponse(Guid UserId, string Email, string DisplayName, DateTimeOffset AddedAt);

/// <summary>Admins create courses and choose who staffs them.</summary>
public static class AdminCourseEndpoints
{
    public static IEndpointRouteBuilder MapAdminCourseEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("").WithTags("Administration").RequireAuthorization(IdentitySetup.AdminPolicy);
        admin.MapPost(StudioApiPaths.AdminCourses, CreateCourse).WithName("CreateCourse").WithSummary("Create an empty course (a draft with its titles) for its staff to fill.");
        admin.MapGet(StudioApiPaths.StaffRoute, Staff).WithName("CourseStaff").WithSummary("The course's instructors.");
        admin.MapPost(StudioApiPaths.StaffRoute, AddStaff).WithName("AddCourseStaff").WithSummary("Make a user an instructor of the course (idempotent).");
        admin.MapDelete(StudioApiPaths.StaffMemberRoute, RemoveStaff).WithName("RemoveCourseStaff").WithSummary("Remove an instructor from the course.");
        return app;
    }

    private static async Task<Results<Created<DraftResponse>, ProblemHttpResult, ValidationProblem>> CreateCourse(
        CreateCourseRequest request,
        ClaimsPrincipal principal,
        HttpContext http,
        [FromServices] StudioServices services,
        CancellationToken cancellationToken)
    {
        if (request.Title.Count == 0 || request.Title.Keys.Any(language => !SupportedLanguages.Contains(language)) || request.Title.Values.Any(string.IsNullOrWhiteSpace))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["title"] = [$"A title per language, among {string.Join(", ", SupportedLanguages)}."] });
        }

        var package = DraftEdits.Shell(request.Slug, request.Title, request.Summary);
        var now = services.Now;
        var course = Course.Create(request.Slug, now);
        var draft = CourseVersion.Draft(course.Id, 1, PackageWriter.ContentHash(package), CourseContentJson.Serialize(package), principal.UserId(), now);
        services.Db.Courses.Add(course);
        services.Db.CourseVersions.Add(draft);
        try
        {
            await services.Db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException taken) when (Retry.IsUniqueViolation(taken))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: Pick("A course already has this slug.", "Un cours a déjà cet identifiant."),
                detail: request.Slug,
                type: "https://hiparis-mooc.dev/problems/course.slug-taken",
                extensions: new Dictionary<string, object?> { ["code"] = "course.slug-taken" });
        }

        http.Response.Headers.ETag = $"\"{services.ETagOf(draft).ToString(System.Globalization.CultureInfo.InvariantCulture)}\"";
        return TypedResults.Created(StudioApiPaths.Draft(request.Slug), services.Response(request.Slug, draft));
    }

    private static async Task<Results<Ok<List<StaffMemberResponse>>, ProblemHttpResult>> Staff(string slug, [FromServices] StudioServices services, CancellationToken cancellationToken)
    {
        if (await services.CourseAsync(slug, cancellationToken) is not { } course)
        {
            return NotFound(slug);
        }

        var staff = await services.Db.CourseStaff.AsNoTracking().Where(member => member.CourseId == course.Id)
            .Join(services.Db.Users, member => member.UserId, user => user.Id, (member, user) => new { member, user })
            .OrderBy(row => row.user.Email)
            .Select(row => new StaffMemberResponse(row.user.Id, row.user.Email!, row.user.DisplayName, row.member.AddedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(staff);
    }

    private static async Task<Results<Ok<StaffMemberResponse>, ProblemHttpResult>> AddStaff(
        string slug,
        StaffRequest request,
        ClaimsPrincipal principal,
        [FromServices] StudioServices services,
        [FromServices] UserManager<User> users,
        CancellationToken cancellationToken)
    {
        var course = await services.CourseAsync(slug, cancellationToken);
        var user = await users.FindByEmailAsync(request.Email);
        if (course is null || user is null)
        {
            return NotFound(course is null ? slug : request.Email);
        }

        if (!await users.IsInRoleAsync(user, Roles.Instructor))
        {
            await users.AddToRoleAsync(user, Roles.Instructor);
        }

        var existing = await services.Db.CourseStaff.AsNoTracking().SingleOrDefaultAsync(member => member.CourseId == course.Id && member.UserId == user.Id, cancellationToken);
        if (existing is null)
        {
            existing = CourseStaff.Add(course.Id, user.Id, principal.UserId(), services.Now);
            services.Db.CourseStaff.Add(existing);
            services.Db.AuditLog.Add(AuditEntry.Record(principal.UserId(), "course.staff-add", user.Id, slug, $"Instructor of {slug}", services.Now));
            try
            {
                await services.Db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException race) when (Retry.IsUniqueViolation(race))
            {
                // Added by a parallel request: the outcome is the same.
            }
        }

        return TypedResults.Ok(new StaffMemberResponse(user.Id, user.Email!, user.DisplayName, existing.AddedAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveStaff(string slug, Guid userId, ClaimsPrincipal principal, [FromServices] StudioServices services, CancellationToken cancellationToken)
    {
        if (await services.CourseAsync(slug, cancellationToken) is not { } course)
        {
            return NotFound(slug);
        }

        // The removal and its audit entry commit together.
        await using var transaction = await services.Db.Database.BeginTransactionAsync(cancellationToken);
        var removed = await services.Db.CourseStaff.Where(member => member.CourseId == course.Id && member.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            return NotFound(userId.ToString());
        }

        services.Db.AuditLog.Add(AuditEntry.Record(principal.UserId(), "course.staff-remove", userId, slug, $"No longer instructor of {slug}", services.Now));
        await services.Db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("Not found.", "Introuvable."), detail: what);
}
