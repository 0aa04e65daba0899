using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using HiParis.Mooc.Api.Infrastructure.Audit;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Admin;

public sealed record AdminUserResponse(Guid Id, string Email, string DisplayName, bool EmailConfirmed, IReadOnlyList<string> Roles, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt);

public sealed record UserPage(IReadOnlyList<AdminUserResponse> Items, int Total, int Page, int PageSize);

public sealed record AdminReasonRequest([Required, StringLength(500, MinimumLength = 3)] string Reason);

public sealed record RoleRequest([Required, MaxLength(32)] string Role, [Required, StringLength(500, MinimumLength = 3)] string Reason);

public sealed record LockRequest([Required, StringLength(500, MinimumLength = 3)] string Reason, DateTimeOffset? Until);

public sealed record AuditEntryResponse(Guid Id, DateTimeOffset At, Guid ActorId, string Action, Guid? SubjectUserId, string Subject, string Reason);

public sealed record AuditPage(IReadOnlyList<AuditEntryResponse> Items, Guid? Next);

/// <summary>Administration of accounts, and the audit log. Every change names a reason and is audited.</summary>
public static class AdminEndpoints
{
    private const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Administration").RequireAuthorization(IdentitySetup.AdminPolicy);
        admin.MapGet("/users", Users).WithName("AdminUsers").WithSummary("Search users by e-mail or name (?search=), a page at a time.");
        admin.MapGet("/users/{id:guid}", UserById).WithName("AdminUser").WithSummary("One user.");
        admin.MapPost("/users/{id:guid}/roles", GrantRole).WithName("GrantRole").WithSummary("Grant a role (Learner, Instructor, Admin), with a reason.");
        admin.MapDelete("/users/{id:guid}/roles/{role}", RemoveRole).WithName("RemoveRole").WithSummary("Remove a role, with a reason (in the body).");
        admin.MapPost("/users/{id:guid}/lock", Lock).WithName("LockUser").WithSummary("Lock an account (until a date, or for good) and end its sessions.");
        admin.MapPost("/users/{id:guid}/unlock", Unlock).WithName("UnlockUser").WithSummary("Unlock an account.");
        admin.MapPost("/users/{id:guid}/end-sessions", EndSessions).WithName("EndSessions").WithSummary("End every session of the account (cookies and refresh tokens).");
        admin.MapGet("/audit", Audit).WithName("AuditLog").WithSummary("The audit log, newest first, filtered by actor, subject, action and time (?actor=&subject=&action=&from=&to=&before=&limit=).");
        return app;
    }

    private static async Task<Ok<UserPage>> Users(
        [FromServices] MoocDbContext db,
        CancellationToken cancellationToken,
        [MaxLength(100)] string? search = null,
        [Range(1, 100_000)] int page = 1,
        [Range(1, MaxPageSize)] int pageSize = 50)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(user => EF.Functions.ILike(user.Email!, pattern) || EF.Functions.ILike(user.DisplayName, pattern));
        }

        var total = await query.CountAsync(cancellationToken);
        var users = await query.OrderBy(user => user.Email).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(user => new
            {
                user.Id,
                user.Email,
                user.DisplayName,
                user.EmailConfirmed,
                user.LockoutEnd,
                user.CreatedAt,
                Roles = db.UserRoles.Where(link => link.UserId == user.Id).Join(db.Roles, link => link.RoleId, role => role.Id, (_, role) => role.Name!).ToList(),
            })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new UserPage([.. users.Select(user => new AdminUserResponse(user.Id, user.Email!, user.DisplayName, user.EmailConfirmed, user.Roles.Order(StringComparer.Ordinal).ToList(), Locked(user.LockoutEnd), user.CreatedAt))], total, page, pageSize));
    }

    private static async Task<Results<Ok<AdminUserResponse>, ProblemHttpResult>> UserById(Guid id, [FromServices] UserManager<User> users) =>
        await users.FindByIdAsync(id.ToString()) is { } user ? TypedResults.Ok(await ResponseAsync(user, users)) : NotFound(id);

    private static async Task<Results<Ok<AdminUserResponse>, ProblemHttpResult, ValidationProblem>> GrantRole(
        Guid id,
        RoleRequest request,
        ClaimsPrincipal principal,
        [FromServices] UserManager<User> users,
        [FromServices] MoocDbContext db,
        [FromServices] TimeProvider time)
    {
        if (!IsRole(request.Role, out var role))
        {
            return UnknownRole(request.Role);
        }

        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return NotFound(id);
        }

        if (!await users.IsInRoleAsync(user, role))
        {
            await InOneTransactionAsync(db, async () =>
            {
                await users.AddToRoleAsync(user, role);
                await AuditAsync(db, principal, users, "user.role-grant", user, role, request.Reason, time);
            });
        }

        return TypedResults.Ok(await ResponseAsync(user, users));
    }

    private static async Task<Results<Ok<AdminUserResponse>, ProblemHttpResult, ValidationProblem>> RemoveRole(
        Guid id,
        string role,
        [FromBody] AdminReasonRequest request,
        ClaimsPrincipal principal,
        [FromServices] UserManager<User> users,
        [FromServices] MoocDbContext db,
        [FromServices] TimeProvider time)
    {
        if (!IsRole(role, out var name) || name == Roles.Learner)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = [$"Removable roles: {Roles.Instructor}, {Roles.Admin}."] });
        }

        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return NotFound(id);
        }

        if (name == Roles.Admin && users.GetUserId(principal) == user.Id.ToString())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: Pick("An admin cannot remove their own Admin role.", "Un administrateur ne peut pas retirer son propre rôle Admin."), type: "https://hiparis-mooc.dev/problems/user.own-admin-role", extensions: new Dictionary<string, object?> { ["code"] = "user.own-admin-role" });
        }

        if (await users.IsInRoleAsync(user, name))
        {
            await InOneTransactionAsync(db, async () =>
            {
                await users.RemoveFromRoleAsync(user, name);
                await users.UpdateSecurityStampAsync(user);
                await AuditAsync(db, principal, users, "user.role-remove", user, name, request.Reason, time);
            });
        }

        return TypedResults.Ok(await ResponseAsync(user, users));
    }

    private static async Task<Results<Ok<AdminUserResponse>, ProblemHttpResult>> Lock(
        Guid id,
        LockRequest request,
        ClaimsPrincipal principal,
        [FromServices] UserManager<User> users,
        [FromServices] MoocDbContext db,
        [FromServices] TimeProvider time)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return NotFound(id);
        }

        if (users.GetUserId(principal) == user.Id.ToString())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: Pick("An admin cannot lock their own account.", "Un administrateur ne peut pas verrouiller son propre compte."), type: "https://hiparis-mooc.dev/problems/user.lock-self", extensions: new Dictionary<string, object?> { ["code"] = "user.lock-self" });
        }

        await InOneTransactionAsync(db, async () =>
        {
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, request.Until ?? DateTimeOffset.MaxValue);
            await users.UpdateSecurityStampAsync(user);
            await AuditAsync(db, principal, users, "user.lock", user, request.Until?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "indefinitely", request.Reason, time);
        });
        return TypedResults.Ok(await ResponseAsync(user, users));
    }

    private static async Task<Results<Ok<AdminUserResponse>, ProblemHttpResult>> Unlock(
        Guid id,
        AdminReasonRequest request,
        ClaimsPrincipal principal,
        [FromServices] UserManager<User> users,
        [FromServices] MoocDbContext db,
        [FromServices] TimeProvider time)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return NotFound(id);
        }

        await InOneTransactionAsync(db, async () =>
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            await AuditAsync(db, principal, users, "user.unlock", user, "", request.Reason, time);
        });
        return TypedResults.Ok(await ResponseAsync(user, users));
    }

    private static async Task<Results<Ok<AdminUserResponse>, ProblemHttpResult>> EndSessions(
        Guid id,
        AdminReasonRequest request,
        ClaimsPrincipal principal,
        [FromServices] UserManager<User> users,
        [FromServices] MoocDbContext db,
        [FromServices] TimeProvider time)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return NotFound(id);
        }

        await InOneTransactionAsync(db, async () =>
        {
            await users.UpdateSecurityStampAsync(user);
            await AuditAsync(db, principal, users, "user.end-sessions", user, "", request.Reason, time);
        });
        return TypedResults.Ok(await ResponseAsync(user, users));
    }

    private static async Task<Ok<AuditPage>> Audit(
        [FromServices] MoocDbContext db,
        CancellationToken cancellationToken,
        Guid? actor = null,
        Guid? subject = null,
        [MaxLength(64)] string? action = null,
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        Guid? before = null,
        [Range(1, MaxPageSize)] int limit = 50)
    {
        var query = db.AuditLog.AsNoTracking();
        query = actor is { } actorId ? query.Where(entry => entry.ActorId == actorId) : query;
        query = subject is { } subjectId ? query.Where(entry => entry.SubjectUserId == subjectId) : query;
        query = string.IsNullOrWhiteSpace(action) ? query : query.Where(entry => entry.Action == action || entry.Action.StartsWith(action + "."));
        query = from is { } start ? query.Where(entry => entry.At >= start) : query;
        query = to is { } end ? query.Where(entry => entry.At < end) : query;
        query = before is { } cursor ? query.Where(entry => entry.Id.CompareTo(cursor) < 0) : query;
        var entries = await query.OrderByDescending(entry => entry.Id).Take(limit + 1)
            .Select(entry => new AuditEntryResponse(entry.Id, entry.At, entry.ActorId, entry.Action, entry.SubjectUserId, entry.Subject, entry.Reason))
            .ToListAsync(cancellationToken);
        var more = entries.Count > limit;
        return TypedResults.Ok(new AuditPage(more ? entries[..limit] : entries, more ? entries[limit - 1].Id : null));
    }

    /// <summary>
    /// The change and its audit entry commit together or not at all: Identity saves after each of its
    /// calls, so without a transaction a connection lost between them would keep a change with no entry.
    /// </summary>
    private static async Task InOneTransactionAsync(MoocDbContext db, Func<Task> work)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await work();
        await transaction.CommitAsync();
    }

    private static async Task AuditAsync(MoocDbContext db, ClaimsPrincipal principal, UserManager<User> users, string action, User subject, string detail, string reason, TimeProvider time)
    {
        db.AuditLog.Add(AuditEntry.Record(Guid.Parse(users.GetUserId(principal)!), action, subject.Id, string.IsNullOrEmpty(detail) ? subject.Email ?? "" : $"{subject.Email}: {detail}", reason, time.GetUtcNow()));
        await db.SaveChangesAsync();
    }

    private static async Task<AdminUserResponse> ResponseAsync(User user, UserManager<User> users) =>
        new(user.Id, user.Email!, user.DisplayName, user.EmailConfirmed, [.. (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal)], Locked(user.LockoutEnd), user.CreatedAt);

    private static DateTimeOffset? Locked(DateTimeOffset? lockoutEnd) => lockoutEnd > TimeProvider.System.GetUtcNow() ? lockoutEnd : null;

    private static bool IsRole(string candidate, out string role)
    {
        role = new[] { Roles.Learner, Roles.Instructor, Roles.Admin }.FirstOrDefault(name => string.Equals(name, candidate, StringComparison.OrdinalIgnoreCase)) ?? "";
        return role.Length > 0;
    }

    private static ValidationProblem UnknownRole(string role) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = [$"'{(role.Length > 32 ? role[..32] : role)}' is not a role: {Roles.Learner}, {Roles.Instructor} or {Roles.Admin}."] });

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("User not found.", "Utilisateur introuvable."), detail: id.ToString());
}
