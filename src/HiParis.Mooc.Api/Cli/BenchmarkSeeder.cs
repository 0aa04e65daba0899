using System.Diagnostics;
using System.Text.RegularExpressions;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Certificates;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace HiParis.Mooc.Api.Cli;

/// <summary>
/// Fills the database with benchmark learners (<c>learner{n}@bench.hiparis.local</c>, one password):
/// each is enrolled in the self-paced run of a course, and their progress is played through the domain
/// (heartbeats, readings, quiz attempts, certificates) on a simulated clock, so every row is one the
/// service itself could have written. Rows go in by binary COPY, columns taken from the EF model.
/// </summary>
/// <remarks>
/// Learner n's profile is n mod 10: 0–2 enrolled with a first video started; 3–5 the first week's
/// videos and reading, no quiz yet, and an accommodation of 20 extra attempts on every quiz (the quiz
/// scenario's learners); 6–8 two weeks done with their quizzes; 9 the whole course and its certificate.
/// </remarks>
internal sealed partial class BenchmarkSeeder(MoocDbContext db, NpgsqlDataSource dataSource, CourseCatalog catalog, IPasswordHasher<User> hasher, TimeProvider time)
{
    public const string EmailDomain = "bench.hiparis.local";

    private const int BatchSize = 2_000;

    public static string Email(int n) => $"learner{n}@{EmailDomain}";

    /// <summary>Makes sure learners 1..<paramref name="learners"/> exist; adds only the missing ones.</summary>
    public async Task<int> SeedAsync(int learners, string slug, string password, CancellationToken cancellationToken)
    {
        var context = await catalog.EditionAsync(slug, cancellationToken);
        var run = context?.Runs.FirstOrDefault(candidate => candidate.Key == "self-paced") ?? (context?.Runs.Count > 0 ? context.Runs[0] : null);
        if (context is null || run is null)
        {
            Console.Error.WriteLine($"error: no published course '{slug}' with a run; import courses/ first.");
            return 1;
        }

        var existing = await db.Users.CountAsync(user => user.NormalizedEmail!.EndsWith("@" + EmailDomain.ToUpperInvariant()), cancellationToken);
        if (existing >= learners)
        {
            Console.WriteLine($"{existing} benchmark learners already there; nothing to add.");
            return 0;
        }

        var learnerRole = await db.Roles.Where(role => role.Name == Roles.Learner).Select(role => role.Id).SingleAsync(cancellationToken);
        var passwordHash = hasher.HashPassword(new User(), password);
        var tables = new[]
        {
            typeof(User), typeof(IdentityUserRole<Guid>), typeof(Enrollment), typeof(ModuleProgress), typeof(LessonProgress),
            typeof(ProgressTransition), typeof(QuizAccommodation), typeof(QuizAttempt), typeof(QuizGrade), typeof(Certificate), typeof(CertificateTransition), typeof(CertificateStatusEntry),
        }.Select(type => new TableCopy(db.Model.FindEntityType(type)!)).ToList();

        var now = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        long rows = 0;
        var total = learners - existing;
        for (var first = existing + 1; first <= learners; first += BatchSize)
        {
            var last = Math.Min(learners, first + BatchSize - 1);
            Dictionary<Type, List<object>> batch = tables.ToDictionary(table => table.ClrType, _ => new List<object>());
            for (var n = first; n <= last; n++)
            {
                Learner(n, context, run, learnerRole, passwordHash, now, batch);
            }

            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var table in tables)
            {
                rows += await table.CopyAsync(connection, batch[table.ClrType], cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            Progress(last - existing, total, rows, watch.Elapsed);
        }

        Console.Error.WriteLine();
        // A database that grew to this size over months has been vacuumed and analysed along the way; one just
        // bulk-loaded has not, and autovacuum would catch up on millions of rows while it is measured.
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE)", connection) { CommandTimeout = 0 };
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }

        Console.WriteLine($"Seeded {total} learners ({rows} rows) in {watch.Elapsed.TotalSeconds:0.0} s; {learners} benchmark learners in all.");
        return 0;
    }

    private static void Progress(int done, int total, long rows, TimeSpan elapsed)
    {
        const int width = 40;
        var filled = (int)((long)width * done / total);
        Console.Error.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} learners, {rows} rows, {elapsed.TotalSeconds:0}s ");
    }

    /// <summary>One learner's account, enrolment and history, played through the domain.</summary>
    private static void Learner(int n, CourseEdition context, CourseRun run, Guid learnerRole, string passwordHash, DateTimeOffset now, Dictionary<Type, List<object>> rows)
    {
        var random = new Random(n);
        var email = Email(n);
        var userId = Guid.CreateVersion7(now.AddDays(-60));
        var user = new User
        {
            Id = userId,
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            PasswordHash = passwordHash,
            SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
            DisplayName = $"Learner {n}",
            CreatedAt = now.AddDays(-60),
        };
        rows[typeof(User)].Add(user);
        rows[typeof(IdentityUserRole<Guid>)].Add(new IdentityUserRole<Guid> { UserId = userId, RoleId = learnerRole });

        // Enrolled five to six weeks ago: every week of the self-paced run is open.
        var clock = now.AddDays(-42).AddMinutes(random.Next(0, 7 * 24 * 60));
        var enrollment = Enrollment.Enroll(userId, context.CourseId, run.Id, context.RunSpec(run.Id)!, context.Package, new Actor(userId, run.EnrollmentOpens < clock ? clock : run.EnrollmentOpens));
        var plan = context.ScheduleFor(enrollment);
        var profile = n % 10;
        var modules = context.Package.Modules;
        var weeksDone = profile switch { <= 2 => 0, <= 5 => 1, <= 8 => 2, _ => modules.Count };
        for (var week = 0; week < modules.Count; week++)
        {
            var module = modules[week];
            if (clock < plan.Modules[week].OpensAt)
            {
                clock = plan.Modules[week].OpensAt.AddMinutes(random.Next(10, 3 * 24 * 60));
            }

            if (week >= weeksDone)
            {
                if (week == weeksDone && module.Items.OfType<VideoLessonSpec>().FirstOrDefault() is { } started)
                {
                    clock = Watch(enrollment, plan, started, started.DurationSeconds / 3, clock, userId);
                }

                break;
            }

            foreach (var item in module.Items)
            {
                clock = clock.AddMinutes(random.Next(1, 90));
                switch (item)
                {
                    case VideoLessonSpec video:
                        clock = Watch(enrollment, plan, video, video.DurationSeconds, clock, userId);
                        break;
                    case ReadingSpec:
                        enrollment.CompleteReading(plan, item.Key, new Actor(userId, clock));
                        break;
                    case QuizSpec quiz when profile is not (3 or 4 or 5):
                        clock = TakeQuiz(enrollment, plan, quiz, context, random, clock, userId);
                        break;
                }
            }
        }

        if (profile is 3 or 4 or 5)
        {
            rows[typeof(QuizAccommodation)].Add(QuizAccommodation.Grant(userId, context.CourseId, null, QuizAccommodation.MaxExtraAttempts, 0, "Benchmark learner", new Actor(userId, now.AddDays(-43))));
        }

        if (profile == 9 && Eligibility.Evaluate(context.Package, enrollment).Eligible)
        {
            var certificate = Certificate.Issue(
                enrollment,
                user.DisplayName,
                context.Package.Title,
                context.RunSpec(run.Id)?.Title ?? [],
                context.VersionId,
                new IssuedScores(
                    context.VersionNumber,
                    enrollment.Grade,
                    context.Package.Grading.PassMark,
                    context.Package.Certificate.MinGrade,
                    context.Package.Quizzes.ToDictionary(quiz => quiz.Key, quiz => enrollment.QuizGradeFor(quiz.Key)?.Grade ?? 0m),
                    enrollment.Lessons.Count(lesson => lesson.State == LessonState.Completed && plan.Find(lesson.ItemKey)?.Item is VideoLessonSpec),
                    context.Package.Items.OfType<VideoLessonSpec>().Count()),
                IssuanceKind.Automatic,
                "",
                new Actor(userId, clock));
            rows[typeof(Certificate)].Add(certificate);
            rows[typeof(CertificateTransition)].AddRange(certificate.Transitions);
            rows[typeof(CertificateStatusEntry)].AddRange(certificate.StatusEntries);
        }

        rows[typeof(Enrollment)].Add(enrollment);
        rows[typeof(ModuleProgress)].AddRange(enrollment.Modules);
        rows[typeof(LessonProgress)].AddRange(enrollment.Lessons);
        rows[typeof(ProgressTransition)].AddRange(enrollment.Transitions);
        rows[typeof(QuizAttempt)].AddRange(enrollment.Attempts);
        rows[typeof(QuizGrade)].AddRange(enrollment.QuizGrades);
    }

    /// <summary>Plays a video up to <paramref name="seconds"/> with a heartbeat every 30 s that reports what was watched since the start.</summary>
    private static DateTimeOffset Watch(Enrollment enrollment, CourseSchedule plan, VideoLessonSpec video, int seconds, DateTimeOffset clock, Guid userId)
    {
        var sequence = 0;
        for (var position = 30; position < seconds + 30; position += 30)
        {
            clock = clock.AddSeconds(30);
            enrollment.RecordHeartbeat(plan, video.Key, new Heartbeat(++sequence, 1, [new Segment(0, Math.Min(seconds, position))]), new Actor(userId, clock));
        }

        return clock;
    }

    /// <summary>One or two attempts, as far apart as the policy asks: right answers to most of the questions each draws.</summary>
    private static DateTimeOffset TakeQuiz(Enrollment enrollment, CourseSchedule plan, QuizSpec quiz, CourseEdition context, Random random, DateTimeOffset clock, Guid userId)
    {
        var quizContext = new QuizContext(quiz, plan, QuizAllowance.None, new Dictionary<Guid, QuizSpec>());
        for (var tries = random.Next(1, 3); tries > 0; tries--)
        {
            var attempt = enrollment.StartQuizAttempt(quizContext, context.VersionId, random.Next(), null, new Actor(userId, clock));
            clock = clock.AddMinutes(random.Next(3, 15));
            var answers = attempt.QuestionsOf(quiz).Where(_ => random.Next(10) < 8).ToDictionary(question => question.Key, RightAnswer);
            enrollment.SaveQuizAnswers(attempt, answers, quizContext, new Actor(userId, clock));
            enrollment.SubmitQuizAttempt(attempt, quizContext, new Actor(userId, clock));
            clock = clock.AddMinutes(1 + (quiz.Policy.DelayMinutes ?? 0));
        }

        return clock;
    }

    private static QuizAnswer RightAnswer(QuestionSpec question) =>
        new(question.Answer.OptionKeys, question.Answer.Boolean, question.Answer.Number, question.Answer.Accepted?.Values.FirstOrDefault()?.FirstOrDefault());

    /// <summary>Binary COPY of one entity type into its table, with the columns and conversions of the EF model.</summary>
    private sealed partial class TableCopy
    {
        private readonly (IProperty Property, string DataType)[] _columns;
        private readonly string _copy;

        public TableCopy(IEntityType entity)
        {
            ClrType = entity.ClrType;
            _columns = [.. entity.GetProperties()
                .Where(property => property.GetColumnName() != "xmin")

                // A column the database fills (a sequence's next value) is left to it.
                .Where(property => property.GetDefaultValueSql() is null)
                .Select(property => property.IsShadowProperty()
                    ? throw new NotSupportedException($"{entity.DisplayName()}.{property.Name} is a shadow property.")
                    : (property, Facets().Replace(property.GetColumnType(), "")))];
            _copy = $"COPY {entity.GetTableName()} ({string.Join(", ", _columns.Select(column => column.Property.GetColumnName()))}) FROM STDIN (FORMAT BINARY)";
        }

        public Type ClrType { get; }

        public async Task<int> CopyAsync(NpgsqlConnection connection, List<object> rows, CancellationToken cancellationToken)
        {
            if (rows.Count == 0)
            {
                return 0;
            }

            await using var importer = await connection.BeginBinaryImportAsync(_copy, cancellationToken);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var (property, dataType) in _columns)
                {
                    var value = property.GetGetter().GetClrValueUsingContainingEntity(row);
                    if (value is not null && property.GetTypeMapping().Converter is { } converter)
                    {
                        value = converter.ConvertToProvider(value);
                    }

                    if (value is null)
                    {
                        await importer.WriteNullAsync(cancellationToken);
                    }
                    else
                    {
                        await importer.WriteAsync(value, dataType, cancellationToken);
                    }
                }
            }

            await importer.CompleteAsync(cancellationToken);
            return rows.Count;
        }

        [GeneratedRegex(@"\(\d+(,\s*\d+)?\)")]
        private static partial Regex Facets();
    }
}
