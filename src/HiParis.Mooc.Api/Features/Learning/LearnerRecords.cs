using System.Runtime.CompilerServices;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HiParis.Mooc.Api.Features.Learning;

/// <summary>
/// The learning feature's reads of enrolments, each written once: a learner's current enrolment in a
/// course (one per course, ADR 18) with its modules and lessons, tracked for a change or untracked for an
/// answer; the parts a quiz request adds; the owner of an attempt. A change to one item loads the progress of
/// that item's module only: what the domain's verb reads and writes (ADR 25). Such a load comes in one
/// statement, whose rows are the product of its small collections (4 modules × 7 lessons × 4 grades at most
/// in this course), because a round trip to PostgreSQL costs more than those rows; a load of every lesson,
/// and a collection that grows with use (attempts), come in statements of their own (ADR 27). What a tracked
/// enrolment already holds is remembered with it, so that a graph kept from an earlier request (ADR 32) is not
/// loaded twice.
/// </summary>
public sealed class LearnerRecords(MoocDbContext db, NpgsqlDataSource dataSource)
{
    // The one read of a hot path that skips EF: a row of two columns by an index, on every outline (ADR 29).
    private const string CurrentStampSql = "SELECT id, xmin FROM enrollments WHERE user_id = $1 AND course_id = $2 AND state <> 'Withdrawn'";

    // What a tracked enrolment's graph holds besides its row and modules: the progress of which items (or of
    // all), and the attempts at which quizzes. A filtered include marks a collection loaded, so EF's flag cannot
    // tell. Kept with the graph's root for as long as the graph lives: a kept graph is used by one request at a
    // time, and a row another request adds moves the enrolment's version, so that a save from this graph fails.
    private static readonly ConditionalWeakTable<Enrollment, Holding> Held = new();

    /// <summary>The current enrolment with its modules and lessons, tracked for a change.</summary>
    public async Task<Enrollment?> CurrentAsync(Guid userId, Guid courseId, CancellationToken cancellationToken) =>
        HoldsAll(await CurrentTracked(db, userId, courseId, cancellationToken));

    /// <summary>
    /// The current enrolment tracked with its modules and the progress of one module's items only: what a
    /// heartbeat or a reading changes. A milestone listener that reads every item loads the rest
    /// (<see cref="LoadAllProgressAsync"/>).
    /// </summary>
    public async Task<Enrollment?> CurrentForModuleAsync(Guid userId, Guid courseId, ModuleSpec module, CancellationToken cancellationToken)
    {
        var itemKeys = ItemKeys(module);
        var enrollment = await CurrentTrackedForItems(db, userId, courseId, itemKeys, cancellationToken);
        if (enrollment is not null)
        {
            Held.GetOrCreateValue(enrollment).Items.UnionWith(itemKeys);
        }

        return enrollment;
    }

    /// <summary>The same, untracked: for answers that change nothing.</summary>
    public Task<Enrollment?> CurrentToReadAsync(Guid userId, Guid courseId, CancellationToken cancellationToken) =>
        CurrentUntracked(db, userId, courseId, cancellationToken);

    /// <summary>
    /// The current enrolment's id and row version (xmin), which every change of its progress moves
    /// (<see cref="ProgressWork"/>); null when the learner is not enrolled. One learner has one current
    /// enrolment per course (ADR 18).
    /// </summary>
    public async Task<(Guid Id, uint RowVersion)?> CurrentStampAsync(Guid userId, Guid courseId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CurrentStampSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = courseId });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetGuid(0), reader.GetFieldValue<uint>(1)) : null;
    }

    /// <summary>
    /// Loads the progress of every item of a tracked enrolment that was read for one module: the rows not
    /// tracked yet (a filtered include marks the collection loaded, so its flag cannot tell).
    /// </summary>
    public async Task LoadAllProgressAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        var held = Held.GetOrCreateValue(enrollment);
        if (held.AllItems)
        {
            return;
        }

        string[] tracked = [.. enrollment.Lessons.Select(lesson => lesson.ItemKey)];
        await db.Entry(enrollment).Collection(entry => entry.Lessons).Query()
            .Where(lesson => !tracked.Contains(lesson.ItemKey))
            .LoadAsync(cancellationToken);
        held.AllItems = true;
    }

    /// <summary>
    /// The enrolment a learner rejoins or moves, tracked with its lessons (a rejoin resumes where the progress
    /// stands): the current one, else the latest they withdrew from. Joining changes the enrolment's row only,
    /// so its modules are not loaded.
    /// </summary>
    public Task<Enrollment?> LatestAsync(Guid userId, Guid courseId, CancellationToken cancellationToken) =>
        Latest(db, userId, courseId, cancellationToken);

    /// <summary>The current enrolment's row alone, tracked: for a verb that changes that row only (a withdrawal).</summary>
    public Task<Enrollment?> CurrentRowAsync(Guid userId, Guid courseId, CancellationToken cancellationToken) =>
        CurrentRow(db, userId, courseId, cancellationToken);

    /// <summary>
    /// What a quiz request changes: the current enrolment (or the named one, for a request about one of its
    /// attempts) with its modules, the progress of the quiz's module, every quiz grade, and this quiz's attempts.
    /// </summary>
    public async Task<Enrollment?> ForQuizAsync(Guid userId, Guid courseId, Guid? enrollmentId, ModuleSpec module, string quizKey, CancellationToken cancellationToken)
    {
        var itemKeys = ItemKeys(module);
        if (await ForQuiz(db, userId, courseId, enrollmentId, itemKeys, cancellationToken) is not { } enrollment)
        {
            return null;
        }

        Held.GetOrCreateValue(enrollment).Items.UnionWith(itemKeys);
        await LoadAttemptsAsync(enrollment, [quizKey], cancellationToken);
        return enrollment;
    }

    /// <summary>
    /// Adds to a tracked enrolment loaded for another quiz (or a module) what a request about this quiz needs
    /// and it does not hold yet: the progress of the quiz's module and the attempts at the quiz. Its grades
    /// are every quiz's already.
    /// </summary>
    public async Task AddQuizAsync(Enrollment enrollment, ModuleSpec module, string quizKey, CancellationToken cancellationToken)
    {
        var held = Held.GetOrCreateValue(enrollment);
        string[] missing = held.AllItems ? [] : [.. ItemKeys(module).Where(key => !held.Items.Contains(key))];
        if (missing.Length > 0)
        {
            await db.Entry(enrollment).Collection(entry => entry.Lessons).Query()
                .Where(lesson => missing.Contains(lesson.ItemKey))
                .LoadAsync(cancellationToken);
            held.Items.UnionWith(missing);
        }

        await LoadAttemptsAsync(enrollment, [quizKey], cancellationToken);
    }

    /// <summary>
    /// Whether an enrolment loaded here already holds what a request at this quiz needs (its module's progress,
    /// its attempts): then <see cref="AddQuizAsync"/> would load nothing.
    /// </summary>
    public static bool HoldsQuiz(Enrollment enrollment, ModuleSpec module, string quizKey) =>
        Held.TryGetValue(enrollment, out var held)
        && held.Quizzes.Contains(quizKey)
        && (held.AllItems || module.Items.All(item => held.Items.Contains(item.Key)));

    /// <summary>Whether an enrolment loaded here holds every item's progress: then <see cref="LoadAllProgressAsync"/> loads nothing.</summary>
    public static bool HoldsAllProgress(Enrollment enrollment) => Held.TryGetValue(enrollment, out var held) && held.AllItems;

    /// <summary>The quiz grades of a tracked enrolment, when they are not loaded yet.</summary>
    public async Task LoadGradesAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        var grades = db.Entry(enrollment).Collection(entry => entry.QuizGrades);
        if (!grades.IsLoaded)
        {
            await grades.LoadAsync(cancellationToken);
        }
    }

    /// <summary>The quizzes with an attempt past its deadline that nobody closed yet.</summary>
    public async Task<IReadOnlyList<string>> QuizzesOverdueAsync(Enrollment enrollment, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.QuizAttempts.AsNoTracking()
            .Where(attempt => attempt.EnrollmentId == enrollment.Id && attempt.State == QuizAttemptState.InProgress && attempt.Deadline < now)
            .Select(attempt => attempt.QuizKey).Distinct().ToListAsync(cancellationToken);

    /// <summary>Loads a tracked enrolment's attempts at some quizzes, those it does not hold yet.</summary>
    public async Task LoadAttemptsAsync(Enrollment enrollment, IReadOnlyList<string> quizKeys, CancellationToken cancellationToken)
    {
        var held = Held.GetOrCreateValue(enrollment);
        string[] missing = [.. quizKeys.Where(key => !held.Quizzes.Contains(key))];
        if (missing.Length > 0)
        {
            // Tracked: EF adds them to the enrolment's attempts.
            await Attempts(db, enrollment.Id, missing).ToListAsync(cancellationToken);

            held.Quizzes.UnionWith(missing);
        }
    }

    /// <summary>The learner's attempt: its quiz, its enrolment and its course; null when it is not theirs.</summary>
    public async Task<AttemptOwner?> AttemptOwnerAsync(Guid attemptId, Guid userId, CancellationToken cancellationToken) =>
        await db.QuizAttempts.AsNoTracking()
            .Where(attempt => attempt.Id == attemptId)
            .Join(db.Enrollments.Where(enrollment => enrollment.UserId == userId), attempt => attempt.EnrollmentId, enrollment => enrollment.Id, (attempt, enrollment) => new { attempt.QuizKey, enrollment.CourseId, EnrollmentId = enrollment.Id })
            .Join(db.Courses, row => row.CourseId, course => course.Id, (row, course) => new AttemptOwner(row.EnrollmentId, row.QuizKey, course.Slug))
            .SingleOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<QuizAccommodation>> AccommodationsAsync(Guid userId, Guid courseId, CancellationToken cancellationToken) =>
        await Accommodations(db, userId, courseId).ToListAsync(cancellationToken);

    private static string[] ItemKeys(ModuleSpec module) => [.. module.Items.Select(item => item.Key)];

    private static Enrollment? HoldsAll(Enrollment? enrollment)
    {
        if (enrollment is not null)
        {
            Held.GetOrCreateValue(enrollment).AllItems = true;
        }

        return enrollment;
    }

    private sealed class Holding
    {
        public bool AllItems { get; set; }

        public HashSet<string> Items { get; } = [];

        public HashSet<string> Quizzes { get; } = [];
    }

    // Compiled once: the hottest queries skip the expression tree's translation and cache lookup.
    private static readonly Func<MoocDbContext, Guid, Guid, CancellationToken, Task<Enrollment?>> CurrentTracked =
        EF.CompileAsyncQuery((MoocDbContext db, Guid userId, Guid courseId, CancellationToken _) =>
            db.Enrollments
                .Where(enrollment => enrollment.UserId == userId && enrollment.CourseId == courseId && enrollment.State != EnrollmentState.Withdrawn)
                .OrderByDescending(enrollment => enrollment.EnrolledAt)
                .Include(enrollment => enrollment.Modules)
                .Include(enrollment => enrollment.Lessons)
                .AsSplitQuery()
                .FirstOrDefault());

    private static readonly Func<MoocDbContext, Guid, Guid, CancellationToken, Task<Enrollment?>> CurrentRow =
        EF.CompileAsyncQuery((MoocDbContext db, Guid userId, Guid courseId, CancellationToken _) =>
            db.Enrollments
                .Where(enrollment => enrollment.UserId == userId && enrollment.CourseId == courseId && enrollment.State != EnrollmentState.Withdrawn)
                .OrderByDescending(enrollment => enrollment.EnrolledAt)
                .FirstOrDefault());

    private static readonly Func<MoocDbContext, Guid, Guid, CancellationToken, Task<Enrollment?>> Latest =
        EF.CompileAsyncQuery((MoocDbContext db, Guid userId, Guid courseId, CancellationToken _) =>
            db.Enrollments
                .Where(enrollment => enrollment.UserId == userId && enrollment.CourseId == courseId)
                .OrderBy(enrollment => enrollment.State == EnrollmentState.Withdrawn)
                .ThenByDescending(enrollment => enrollment.EnrolledAt)
                .Include(enrollment => enrollment.Lessons)
                .AsSingleQuery()
                .FirstOrDefault());

    private static readonly Func<MoocDbContext, Guid, Guid, string[], CancellationToken, Task<Enrollment?>> CurrentTrackedForItems =
        EF.CompileAsyncQuery((MoocDbContext db, Guid userId, Guid courseId, string[] itemKeys, CancellationToken _) =>
            db.Enrollments
                .Where(enrollment => enrollment.UserId == userId && enrollment.CourseId == courseId && enrollment.State != EnrollmentState.Withdrawn)
                .OrderByDescending(enrollment => enrollment.EnrolledAt)
                .Include(enrollment => enrollment.Modules)
                .Include(enrollment => enrollment.Lessons.Where(lesson => itemKeys.Contains(lesson.ItemKey)))
                .AsSingleQuery()
                .FirstOrDefault());

    private static readonly Func<MoocDbContext, Guid, Guid, CancellationToken, Task<Enrollment?>> CurrentUntracked =
        EF.CompileAsyncQuery((MoocDbContext db, Guid userId, Guid courseId, CancellationToken _) =>
            db.Enrollments.AsNoTracking()
                .Where(enrollment => enrollment.UserId == userId && enrollment.CourseId == courseId && enrollment.State != EnrollmentState.Withdrawn)
                .OrderByDescending(enrollment => enrollment.EnrolledAt)
                .Include(enrollment => enrollment.Modules)
                .Include(enrollment => enrollment.Lessons)
                .AsSplitQuery()
                .FirstOrDefault());

    private static readonly Func<MoocDbContext, Guid, string[], IAsyncEnumerable<QuizAttempt>> Attempts =
        EF.CompileAsyncQuery((MoocDbContext db, Guid enrollmentId, string[] quizKeys) =>
            db.QuizAttempts.Where(attempt => attempt.EnrollmentId == enrollmentId && quizKeys.Contains(attempt.QuizKey)));

    private static readonly Func<MoocDbContext, Guid, Guid, IAsyncEnumerable<QuizAccommodation>> Accommodations =
        EF.CompileAsyncQuery((MoocDbContext db, Guid userId, Guid courseId) =>
            db.QuizAccommodations.AsNoTracking().Where(accommodation => accommodation.UserId == userId && accommodation.CourseId == courseId));

    // The attempts come in a statement of their own: in this one they would multiply its rows by their number.
    private static readonly Func<MoocDbContext, Guid, Guid, Guid?, string[], CancellationToken, Task<Enrollment?>> ForQuiz =
        EF.CompileAsyncQuery((MoocDbContext db, Guid userId, Guid courseId, Guid? enrollmentId, string[] itemKeys, CancellationToken _) =>
            db.Enrollments
                .Where(enrollment => enrollment.UserId == userId && enrollment.CourseId == courseId && enrollment.State != EnrollmentState.Withdrawn)
                .OrderByDescending(enrollment => enrollment.EnrolledAt)
                .Where(enrollment => enrollmentId == null || enrollment.Id == enrollmentId)
                .Include(enrollment => enrollment.Modules)
                .Include(enrollment => enrollment.Lessons.Where(lesson => itemKeys.Contains(lesson.ItemKey)))
                .Include(enrollment => enrollment.QuizGrades)
                .AsSingleQuery()
                .FirstOrDefault());
}

/// <summary>Whose an attempt is: the enrolment it was made in, its quiz and the course's slug.</summary>
public sealed record AttemptOwner(Guid EnrollmentId, string QuizKey, string Slug);
