using System.Security.Claims;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HiParis.Mooc.Api.Features.Studio;

/// <summary>The request's course (route value <c>slug</c>) is one the user staffs, or the user is an admin.</summary>
public sealed class CourseStaffRequirement : IAuthorizationRequirement
{
    public const string Policy = "CourseStaff";
}

internal sealed class CourseStaffHandler(MoocDbContext db) : AuthorizationHandler<CourseStaffRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CourseStaffRequirement requirement)
    {
        if (context.User.IsInRole(Roles.Admin))
        {
            context.Succeed(requirement);
            return;
        }

        if (context.Resource is not HttpContext http || http.GetRouteValue("slug") is not string slug
            || !Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return;
        }

        var staffs = await db.CourseStaff.AsNoTracking()
            .AnyAsync(staff => staff.UserId == userId && db.Courses.Any(course => course.Id == staff.CourseId && course.Slug == slug), http.RequestAborted);
        if (staffs)
        {
            context.Succeed(requirement);
        }
    }
}
