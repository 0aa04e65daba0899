using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using HiParis.Mooc.Api.Features.Certificates;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Learning;

public sealed record EnrollmentResponse(Guid Id, string Course, string Run, string State, DateTimeOffset EnrolledAt, DateTimeOffset? CompletedAt, DateTimeOffset? WithdrawnAt);

public sealed record SegmentRequest([Range(0, 86_400)] double Start, [Range(0, 86_400)] double End);

public sealed record HeartbeatRequest(
    [Range(0, long.MaxValue)] long Sequence,
    [Range(0.0625, 16)] double PlaybackRate,
    [Required, MaxLength(200)] List<SegmentRequest> Segments);

public sealed record HeartbeatResponse(double Coverage, double CreditedSeconds, string State, string ModuleState, string CourseState);

public sealed record ItemStateResponse(string Key, string Type, string Title, string State, int? DurationSeconds, double? Coverage, string? VideoUrl = null);

public sealed record ModuleStateResponse(string Key, int Week, string Title, string State, DateTimeOffset OpensAt, IReadOnlyList<ItemStateResponse> Items);

public sealed record MyCourseResponse(string Slug, string Title, EnrollmentResponse Enrollment, IReadOnlyList<ModuleStateResponse> Modules);

public sealed record ResumeResponse(bool Finished, string? ModuleKey, string? ItemKey, string? Type, double PositionSeconds, DateTimeOffset? OpensAt);

/// <summary>The services every learning handler needs, in one scoped service (taken <c>[FromServices]</c>, so never validated as input).</summary>
public sealed class LearningServices(MoocDbContext db, CourseCatalog catalog, TimeProvider time, UserManager<User> users, IConfiguration configuration, IHostEnvironment environment, CertificateIssuer certificates)
{
    public MoocDbContext Db { get; } = db;

    public CourseCatalog Catalog { get; } = catalog;

    public TimeProvider Time { get; } = time;

    public UserManager<User> Users { get; } = users;

    public IConfiguration Configuration { get; } = configuration;

    public IHostEnvironment Environment { get; } = environment;

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>
    /// A package's video source made absolute: an https URL stays as it is; a path goes under
    /// <c>Media:BaseUrl</c> (default <c>/media/</c>, on the API's own host).
    /// </summary>
    public string VideoUrl(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var absolute) && absolute.Scheme is "https" or "http"
            ? source
            : (Configuration["Media:BaseUrl"] ?? "/media/").TrimEnd('/') + "/" + source.TrimStart('/');

    /// <summary><c>Enrollment:RequireConfirmedEmail</c>, on by default outside Development.</summary>
    public bool RequireConfirmedEmail => Configuration.GetValue("Enrollment:RequireConfirmedEmail", !Environment.IsDevelopment());

    public Actor ActorFor(ClaimsPrincipal principal) => new(UserId(principal), Now);

    public Guid UserId(ClaimsPrincipal principal) => Guid.Parse(Users.GetUserId(principal)!);

    /// <summary>
    /// Saves a change of an enrolment's progress, always writing the enrolment row: two changes of one
    /// enrolment then race on its xmin even within one clock tick, and the loser retries.
    /// </summary>
    /// <remarks>
    /// When the change completed something (an item, a module, the course) or graded an attempt, the
    /// certificate rule is checked in the same transaction, and a certificate issued if it is met; the
    /// learner is told once it is committed.
    /// </remarks>
    public async Task SaveProgressAsync(Enrollment enrollment, CourseContext context, CancellationToken cancellationToken)
    {
        Db.Entry(enrollment).Property(entry => entry.LastActivityAt).IsModified = true;
        if (enrollment.Transitions.Any(transition => transition.ToState is "Completed" or "Submitted" or "AutoSubmitted"))
        {
            await certificates.IssueIfEligibleAsync(enrollment, context, new Actor(enrollment.UserId, Now), cancellationToken);
        }

        await Db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The learner's current enrolment with its modules and lessons, in one round trip: a course has a few
    /// modules of a few items, so the joined rows stay few.
    /// </summary>
    public Task<Enrollment?> ActiveEnrollmentAsync(Guid userId, Guid courseId, CancellationToken cancellationToken) =>
        ActiveEnrollmentTracked(Db, userId, courseId, cancellationToken);

    /// <summary>The same, untracked: for answers that change nothing.</summary>
    public Task<Enrollment?> ActiveEnrollmentToReadAsync(Guid userId, Guid courseId, CancellationToken cancellationToken) =>
        ActiveEnrollmentUntracked(Db, userId, courseId, cancellationToken);

    // Compiled once: the hottest queries skip the expression tree's translation and cache lookup.
    private static readonly Func<MoocDbContext, Guid, Guid, CancellationToken, Task<Enrollment?>> ActiveEnrollmentTracked =
        EF.CompileAsyncQuery((MoocDbContext db, Guid userId, Guid courseId, CancellationToken _) =>
            db.Enrollments
                .Include(enrollment => enrollment.Modules)
                .Include(enrollment => enrollment.Lessons)
                .AsSingleQuery()
                .Where(enrollment => enrollment.UserId == userId && enrollment.CourseId == courseId && enrollment.State != EnrollmentState.Withdrawn)
                .OrderByDescending(enrollment => enrollment.EnrolledAt)
                .FirstOrDefault());

    private static readonly Func<MoocDbContext, Guid, Guid, CancellationToken, Task<Enrollment?>> ActiveEnrollmentUntracked =
        EF.CompileAsyncQuery((MoocDbContext db, Guid userId, Guid courseId, CancellationToken _) =>
            db.Enrollments
                .AsNoTracking()
                .Include(enrollment => enrollment.Modules)
                .Include(enrollment => enrollment.Lessons)
                .AsSingleQuery()
                .Where(enrollment => enrollment.UserId == userId && enrollment.CourseId == courseId && enrollment.State != EnrollmentState.Withdrawn)
                .OrderByDescending(enrollment => enrollment.EnrolledAt)
                .FirstOrDefault());
}

public static class LearningEndpoints
{
    public static IServiceCollection AddLearning(this IServiceCollection services) => services.AddScoped<LearningServices>();

    public static IEndpointRouteBuilder MapLearningEndpoints(this IEndpointRouteBuilder app)
    {
        var enrollment = app.MapGroup("/api/courses/{slug}/runs/{run}/enrollment").WithTags("Enrolment").RequireAuthorization();
        enrollment.MapPost("", Enroll).WithName("Enroll").WithSummary("Enrol in a run (idempotent; enrolling again after withdrawing keeps the progress).");
        enrollment.MapDelete("", Withdraw).WithName("Withdraw").WithSummary("Withdraw from a run.");

        var me = app.MapGroup("/api/me").WithTags("Learning").RequireAuthorization();
        me.MapGet("/enrollments", MyEnrollments).WithName("MyEnrollments").WithSummary("My enrolments.");
        me.MapGet("/courses/{slug}", MyCourse).WithName("MyCourse").WithSummary("The outline with my state per module and item.");
        me.MapGet("/courses/{slug}/resume", Resume).WithName("Resume").WithSummary("The item to continue with, and where in it.");
        me.MapPost("/courses/{slug}/lessons/{key}/heartbeats", Heartbeat).RequireRateLimiting(Infrastructure.RateLimiting.RateLimitSetup.Heartbeats).WithName("Heartbeat").WithSummary("Report watched segments of a video lesson.");
        me.MapPost("/courses/{slug}/items/{key}/complete", CompleteItem).WithName("CompleteItem").WithSummary("Mark a reading as read.");
        return app;
    }

    private static async Task<Results<Created<EnrollmentResponse>, Ok<EnrollmentResponse>, ProblemHttpResult>> Enroll(
        string slug,
        string run,
        ClaimsPrincipal principal,
        [FromServices] LearningServices services,
        CancellationToken cancellationToken)
    {
        var context = await CourseContext.LoadAsync(services.Catalog, slug, cancellationToken);
        var runRow = context?.Runs.FirstOrDefault(candidate => candidate.Key == run && !candidate.Archived);
        if (context is null || runRow is null)
        {
            return NotFound(Pick("Course or run not found.", "Cours ou session introuvable."), $"{slug}/{run}");
        }

        var userId = services.UserId(principal);
        if (services.RequireConfirmedEmail && await services.Users.FindByIdAsync(userId.ToString()) is { EmailConfirmed: false })
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: Pick("Confirm your e-mail address first.", "Confirmez d'abord votre adresse e-mail."),
                detail: Pick("Enrolment needs a confirmed e-mail address.", "L'inscription demande une adresse e-mail confirmée."),
                type: "https://hiparis-mooc.dev/problems/enrollment.email-not-confirmed");
        }

        var spec = context.RunSpec(runRow.Id)!;
        var (enrollment, created) = await ConcurrencyRetry.RunAsync(services.Db, async ct =>
        {
            var actor = services.ActorFor(principal);
            var existing = await services.Db.Enrollments.Include(e => e.Modules).Include(e => e.Lessons).AsSplitQuery()
                .SingleOrDefaultAsync(e => e.UserId == userId && e.RunId == runRow.Id, ct);
            if (existing is { IsActive: true })
            {
                return (existing, false);
            }

            if (!spec.IsEnrollmentOpen(actor.Now))
            {
                throw new DomainException("enrollment.window-closed", Pick(
                    $"Enrolment in '{run}' is open from {spec.EnrollmentOpens:u} until {spec.EnrollmentCloses ?? spec.Ends:u}.",
                    $"L'inscription à « {run} » est ouverte du {spec.EnrollmentOpens:u} au {spec.EnrollmentCloses ?? spec.Ends:u}."));
            }

            if (existing is not null)
            {
                existing.Rejoin(actor);
                await services.Db.SaveChangesAsync(ct);
                return (existing, false);
            }

            var fresh = Enrollment.Enroll(userId, context.CourseId, runRow.Id, context.Package.Modules.Select(module => module.Key), actor);
            services.Db.Enrollments.Add(fresh);
            await services.Db.SaveChangesAsync(ct);
            return (fresh, true);
        }, cancellationToken);

        var response = ToResponse(enrollment, slug, run);
        return created ? TypedResults.Created(LearningApiPaths.MyCourse(slug), response) : TypedResults.Ok(response);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Withdraw(
        string slug,
        string run,
        ClaimsPrincipal principal,
        [FromServices] LearningServices services,
        CancellationToken cancellationToken)
    {
        var userId = services.UserId(principal);
        var withdrawn = await ConcurrencyRetry.RunAsync(services.Db, async ct =>
        {
            var enrollment = await services.Db.Enrollments
                .Join(services.Db.CourseRuns.Where(r => r.Key == run), e => e.RunId, r => r.Id, (e, r) => new { e, r.CourseId })
                .Join(services.Db.Courses.Where(c => c.Slug == slug), x => x.CourseId, c => c.Id, (x, c) => x.e)
                .SingleOrDefaultAsync(e => e.UserId == userId && e.State != EnrollmentState.Withdrawn, ct);
            if (enrollment is null)
            {
                return false;
            }

            enrollment.Withdraw(services.ActorFor(principal));
            await services.Db.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);
        return withdrawn ? TypedResults.NoContent() : NotFound(Pick("You are not enrolled in this run.", "Vous n'êtes pas inscrit à cette session."), $"{slug}/{run}");
    }

    private static async Task<Ok<List<EnrollmentResponse>>> MyEnrollments(ClaimsPrincipal principal, [FromServices] LearningServices services, CancellationToken cancellationToken)
    {
        var userId = services.UserId(principal);
        var rows = await services.Db.Enrollments.AsNoTracking()
            .Where(enrollment => enrollment.UserId == userId)
            .Join(services.Db.CourseRuns, e => e.RunId, r => r.Id, (e, r) => new { e, r.Key, r.CourseId })
            .Join(services.Db.Courses, x => x.CourseId, c => c.Id, (x, c) => new { x.e, RunKey = x.Key, c.Slug })
            .OrderBy(x => x.e.EnrolledAt)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(row => ToResponse(row.e, row.Slug, row.RunKey)).ToList());
    }

    private static async Task<Results<Ok<MyCourseResponse>, ProblemHttpResult>> MyCourse(string slug, ClaimsPrincipal principal, [FromServices] LearningServices services, CancellationToken cancellationToken)
    {
        var (context, enrollment) = await LoadAsync(services, slug, principal, cancellationToken);
        if (context is null || enrollment is null)
        {
            return NotEnrolled(slug);
        }

        var now = services.Now;
        var plan = context.Plan(enrollment);
        var runKey = context.Runs.First(run => run.Id == enrollment.RunId).Key;
        var modules = context.Package.Modules.Select((module, index) =>
        {
            var opensAt = plan[index].OpensAt;
            var locked = opensAt > now;
            var moduleState = enrollment.Modules.FirstOrDefault(progress => progress.ModuleKey == module.Key)?.State ?? ModuleState.Locked;
            return new ModuleStateResponse(
                module.Key,
                module.UnlockWeek ?? index + 1,
                CatalogMapping.Local(module.Title),
                locked ? "locked" : moduleState == ModuleState.Locked ? "available" : Snake(moduleState.ToString()),
                opensAt,
                [.. module.Items.Select(item => ItemState(item, enrollment.LessonFor(item.Key), locked, services))]);
        }).ToList();
        return TypedResults.Ok(new MyCourseResponse(slug, CatalogMapping.Local(context.Package.Title), ToResponse(enrollment, slug, runKey), modules));
    }

    private static async Task<Results<Ok<ResumeResponse>, ProblemHttpResult>> Resume(string slug, ClaimsPrincipal principal, [FromServices] LearningServices services, CancellationToken cancellationToken)
    {
        var (context, enrollment) = await LoadAsync(services, slug, principal, cancellationToken);
        if (context is null || enrollment is null)
        {
            return NotEnrolled(slug);
        }

        var plan = context.Plan(enrollment);
        for (var i = 0; i < context.Package.Modules.Count; i++)
        {
            var module = context.Package.Modules[i];
            foreach (var item in module.Items)
            {
                var lesson = enrollment.LessonFor(item.Key);
                if (lesson?.State == LessonState.Completed)
                {
                    continue;
                }

                var locked = plan[i].OpensAt > services.Now;
                var position = item is VideoLessonSpec && lesson is not null ? VideoCoverage.ResumePosition(lesson.Segments) : 0;
                return TypedResults.Ok(new ResumeResponse(false, module.Key, item.Key, item.TypeName, position, locked ? plan[i].OpensAt : null));
            }
        }

        return TypedResults.Ok(new ResumeResponse(true, null, null, null, 0, null));
    }

    private static async Task<Results<Ok<HeartbeatResponse>, ProblemHttpResult, ValidationProblem>> Heartbeat(
        string slug,
        string key,
        HeartbeatRequest request,
        ClaimsPrincipal principal,
        [FromServices] LearningServices services,
        CancellationToken cancellationToken)
    {
        if (request.Segments.Any(segment => segment.End < segment.Start))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["segments"] = ["Each segment's end must not be before its start."] });
        }

        var context = await CourseContext.LoadAsync(services.Catalog, slug, cancellationToken);
        if (context?.FindItem(key) is not ({ } module, VideoLessonSpec video))
        {
            return NotFound(Pick("Video lesson not found.", "Leçon vidéo introuvable."), $"{slug}/{key}");
        }

        var outcome = await ConcurrencyRetry.RunAsync(services.Db, async ct =>
        {
            var enrollment = await services.ActiveEnrollmentAsync(services.UserId(principal), context.CourseId, ct);
            if (enrollment is null)
            {
                return null;
            }

            var result = enrollment.RecordHeartbeat(
                context.Plan(enrollment),
                module.Key,
                key,
                request.Sequence,
                request.PlaybackRate,
                [.. request.Segments.Select(segment => new Segment(segment.Start, segment.End))],
                video.DurationSeconds,
                context.Package.EffectiveVideoCompletionThreshold,
                services.ActorFor(principal));
            await services.SaveProgressAsync(enrollment, context, ct);
            return new HeartbeatResponse(
                Math.Round(result.Coverage, 4),
                Math.Round(result.CreditedSeconds, 3),
                Snake(result.State.ToString()),
                Snake(enrollment.ModuleFor(module.Key).State.ToString()),
                Snake(enrollment.State.ToString()));
        }, cancellationToken);
        return outcome is null ? NotEnrolled(slug) : TypedResults.Ok(outcome);
    }

    private static async Task<Results<Ok<ItemStateResponse>, ProblemHttpResult>> CompleteItem(
        string slug,
        string key,
        ClaimsPrincipal principal,
        [FromServices] LearningServices services,
        CancellationToken cancellationToken)
    {
        var context = await CourseContext.LoadAsync(services.Catalog, slug, cancellationToken);
        if (context?.FindItem(key) is not ({ } module, { } item))
        {
            return NotFound(Pick("Item not found.", "Élément introuvable."), $"{slug}/{key}");
        }

        if (item is not ReadingSpec)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: Pick("Only readings are completed by hand.", "Seules les lectures se terminent à la main."),
                detail: Pick("A video completes when enough of it is watched; a quiz when it is submitted.", "Une vidéo se termine quand elle est assez regardée ; un quiz quand il est soumis."),
                type: "https://hiparis-mooc.dev/problems/progress.not-a-reading");
        }

        var state = await ConcurrencyRetry.RunAsync(services.Db, async ct =>
        {
            var enrollment = await services.ActiveEnrollmentAsync(services.UserId(principal), context.CourseId, ct);
            if (enrollment is null)
            {
                return (LessonState?)null;
            }

            var result = enrollment.CompleteReading(context.Plan(enrollment), module.Key, key, services.ActorFor(principal));
            await services.SaveProgressAsync(enrollment, context, ct);
            return result;
        }, cancellationToken);
        return state is null
            ? NotEnrolled(slug)
            : TypedResults.Ok(new ItemStateResponse(key, item.TypeName, CatalogMapping.Local(item.Title), Snake(state.Value.ToString()), null, null));
    }

    private static async Task<(CourseContext? Context, Enrollment? Enrollment)> LoadAsync(LearningServices services, string slug, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var context = await CourseContext.LoadAsync(services.Catalog, slug, cancellationToken);
        return context is null ? (null, null) : (context, await services.ActiveEnrollmentToReadAsync(services.UserId(principal), context.CourseId, cancellationToken));
    }

    /// <summary>An item as its learner sees it; a video's address only once its module is open.</summary>
    private static ItemStateResponse ItemState(ItemSpec item, LessonProgress? lesson, bool locked, LearningServices services)
    {
        var state = locked ? "locked" : lesson is null ? "available" : Snake(lesson.State == LessonState.NotStarted ? "Available" : lesson.State.ToString());
        return item is VideoLessonSpec video
            ? new ItemStateResponse(item.Key, item.TypeName, CatalogMapping.Local(item.Title), state, video.DurationSeconds, Math.Round((lesson?.CoveredSeconds ?? 0) / video.DurationSeconds, 4), locked ? null : services.VideoUrl(video.VideoSource))
            : new ItemStateResponse(item.Key, item.TypeName, CatalogMapping.Local(item.Title), state, null, null);
    }

    private static EnrollmentResponse ToResponse(Enrollment enrollment, string slug, string run) =>
        new(enrollment.Id, slug, run, Snake(enrollment.State.ToString()), enrollment.EnrolledAt, enrollment.CompletedAt, enrollment.WithdrawnAt);

    private static string Snake(string pascal) => Courses.Packages.PackageNames.Snake(pascal);

    private static ProblemHttpResult NotEnrolled(string slug) =>
        NotFound(Pick("You are not enrolled in this course.", "Vous n'êtes pas inscrit à ce cours."), slug);

    private static ProblemHttpResult NotFound(string title, string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: what);
}
