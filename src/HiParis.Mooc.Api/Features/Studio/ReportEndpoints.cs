using System.Globalization;
using System.Text;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Infrastructure.OpenApi;
using HiParis.Mooc.Domain.Courses;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using NpgsqlTypes;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Studio;

public sealed record EnrollmentRow(Guid Id, Guid Learner, string Email, string DisplayName, string Run, string State, DateTimeOffset EnrolledAt, DateTimeOffset? CompletedAt, DateTimeOffset? WithdrawnAt, decimal Grade);

public sealed record EnrollmentPage(IReadOnlyList<EnrollmentRow> Items, Guid? Next);

public sealed record FunnelStep(string Module, string Item, string Type, string Title, int Started, int Completed, decimal StartedShare, decimal CompletedShare);

public sealed record FunnelResponse(string Course, int Enrolled, IReadOnlyList<FunnelStep> Items);

/// <summary>Learners per tenth of a lesson watched: <c>Buckets[0]</c> watched under 10%, <c>Buckets[9]</c> 90% or more.</summary>
public sealed record CoverageDistribution(string Lesson, string Title, int DurationSeconds, int NotStarted, IReadOnlyList<int> Buckets);

public sealed record CoverageResponse(string Course, int Enrolled, IReadOnlyList<CoverageDistribution> Lessons);

/// <summary>
/// Reports for course staff. Each is one SQL statement read row by row: the CSVs stream to the client as
/// they are read, so memory and the number of queries stay the same for ten learners or a hundred thousand.
/// </summary>
public static class ReportEndpoints
{
    private const int MaxPage = 500;

    private const string EnrollmentsSql = """
        SELECT e.id, u.id, u.email, u.display_name, r.key, e.state, e.enrolled_at, e.completed_at, e.withdrawn_at, e.grade
        FROM enrollments e
        JOIN users u ON u.id = e.user_id
        JOIN course_runs r ON r.id = e.run_id
        WHERE e.course_id = $1 AND e.id > $2
        ORDER BY e.id
        LIMIT $3
        """;

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup(StudioApiPaths.ReportsRoute).WithTags("Studio reports").RequireAuthorization(CourseStaffRequirement.Policy);
        reports.MapGet("/enrollments", Enrollments).WithName("EnrollmentReport").WithSummary("Enrolments, a page at a time (?after=<last id>&limit=…).");
        reports.MapGet("/enrollments.csv", EnrollmentsCsv).WithName("EnrollmentReportCsv").WithSummary("Every enrolment as CSV, streamed.").ProducesContent("text/csv");
        reports.MapGet("/grades.csv", GradesCsv).WithName("GradeReportCsv").WithSummary("One row per learner, one column per quiz, the course grade and the certificate's state; CSV, streamed.").ProducesContent("text/csv");
        reports.MapGet("/funnel", Funnel).WithName("CompletionFunnel").WithSummary("For each item in course order, how many learners started and completed it.");
        reports.MapGet("/video-coverage", VideoCoverage).WithName("VideoCoverage").WithSummary("For each video lesson, how far learners watched, in tenths.");
        return app;
    }

    private static async Task<Results<Ok<EnrollmentPage>, ProblemHttpResult>> Enrollments(
        string slug,
        [FromServices] StudioServices services,
        CancellationToken cancellationToken,
        Guid? after = null,
        int limit = 100)
    {
        if (await services.Catalog.EditionAsync(slug, cancellationToken) is not { } context)
        {
            return NotFound(slug);
        }

        limit = Math.Clamp(limit, 1, MaxPage);
        await using var command = services.DataSource.CreateCommand(EnrollmentsSql);
        command.Parameters.Add(new NpgsqlParameter { Value = context.CourseId });
        command.Parameters.Add(new NpgsqlParameter { Value = after ?? Guid.Empty });
        command.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
        List<EnrollmentRow> rows = [];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ReadEnrollment(reader));
        }

        var more = rows.Count > limit;
        return TypedResults.Ok(new EnrollmentPage(more ? rows[..limit] : rows, more ? rows[limit - 1].Id : null));
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> EnrollmentsCsv(string slug, [FromServices] StudioServices services, CancellationToken cancellationToken)
    {
        if (await services.Catalog.EditionAsync(slug, cancellationToken) is not { } context)
        {
            return NotFound(slug);
        }

        return Csv($"{slug}-enrollments.csv", async (writer, ct) =>
        {
            await writer.WriteLineAsync("learner,email,display_name,run,state,enrolled_at,completed_at,withdrawn_at,grade");
            await using var command = services.DataSource.CreateCommand(EnrollmentsSql);
            command.Parameters.Add(new NpgsqlParameter { Value = context.CourseId });
            command.Parameters.Add(new NpgsqlParameter { Value = Guid.Empty });
            command.Parameters.Add(new NpgsqlParameter { Value = int.MaxValue });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var row = ReadEnrollment(reader);
                await WriteRowAsync(writer, [row.Learner.ToString(), row.Email, row.DisplayName, row.Run, row.State, Date(row.EnrolledAt), Date(row.CompletedAt), Date(row.WithdrawnAt), Number(row.Grade)], ct);
            }
        });
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> GradesCsv(string slug, [FromServices] StudioServices services, CancellationToken cancellationToken)
    {
        if (await services.Catalog.EditionAsync(slug, cancellationToken) is not { } context)
        {
            return NotFound(slug);
        }

        List<string> quizzes = [.. context.Package.Quizzes.Select(quiz => quiz.Key)];
        return Csv($"{slug}-grades.csv", async (writer, ct) =>
        {
            await WriteRowAsync(writer, ["learner", "email", "display_name", "run", "state", .. quizzes, "course_grade", "certificate"], ct);

            // The quiz grades come as an array in the order of the header; the certificate is the latest one.
            await using var command = services.DataSource.CreateCommand("""
                SELECT u.id, u.email, u.display_name, r.key, e.state, e.grade,
                       ARRAY(SELECT g.grade FROM unnest($2::text[]) WITH ORDINALITY AS q(key, position)
                             LEFT JOIN quiz_grades g ON g.enrollment_id = e.id AND g.quiz_key = q.key
                             ORDER BY q.position),
                       (SELECT c.state FROM certificates c WHERE c.enrollment_id = e.id ORDER BY c.issued_at DESC LIMIT 1)
                FROM enrollments e
                JOIN users u ON u.id = e.user_id
                JOIN course_runs r ON r.id = e.run_id
                WHERE e.course_id = $1
                ORDER BY u.email, r.key
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = context.CourseId });
            command.Parameters.Add(new NpgsqlParameter { Value = quizzes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(ct);
            var fields = new string[quizzes.Count + 7];
            while (await reader.ReadAsync(ct))
            {
                fields[0] = reader.GetGuid(0).ToString();
                fields[1] = reader.GetString(1);
                fields[2] = reader.GetString(2);
                fields[3] = reader.GetString(3);
                fields[4] = Snake(reader.GetString(4));
                var grades = reader.GetFieldValue<decimal?[]>(6);
                for (var i = 0; i < quizzes.Count; i++)
                {
                    fields[5 + i] = grades[i] is { } grade ? Number(grade) : "";
                }

                fields[^2] = Number(reader.GetDecimal(5));
                fields[^1] = reader.IsDBNull(7) ? "none" : Snake(reader.GetString(7));
                await WriteRowAsync(writer, fields, ct);
            }
        });
    }

    private static async Task<Results<Ok<FunnelResponse>, ProblemHttpResult>> Funnel(string slug, [FromServices] StudioServices services, CancellationToken cancellationToken)
    {
        if (await services.Catalog.EditionAsync(slug, cancellationToken) is not { } context)
        {
            return NotFound(slug);
        }

        await using var command = services.DataSource.CreateCommand("""
            SELECT NULL::text, (SELECT count(*) FROM enrollments WHERE course_id = $1)::int, 0
            UNION ALL
            SELECT p.item_key, count(*) FILTER (WHERE p.state <> 'NotStarted')::int, count(*) FILTER (WHERE p.state = 'Completed')::int
            FROM lesson_progress p JOIN enrollments e ON e.id = p.enrollment_id
            WHERE e.course_id = $1
            GROUP BY p.item_key
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = context.CourseId });
        var enrolled = 0;
        Dictionary<string, (int Started, int Completed)> counts = [];
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.IsDBNull(0))
                {
                    enrolled = reader.GetInt32(1);
                }
                else
                {
                    counts[reader.GetString(0)] = (reader.GetInt32(1), reader.GetInt32(2));
                }
            }
        }

        var steps = context.Package.Modules.SelectMany(module => module.Items.Select(item =>
        {
            var (started, completed) = counts.GetValueOrDefault(item.Key);
            return new FunnelStep(module.Key, item.Key, item.TypeName, CatalogMapping.Local(item.Title), started, completed, Share(started, enrolled), Share(completed, enrolled));
        })).ToList();
        return TypedResults.Ok(new FunnelResponse(slug, enrolled, steps));
    }

    private static async Task<Results<Ok<CoverageResponse>, ProblemHttpResult>> VideoCoverage(string slug, [FromServices] StudioServices services, CancellationToken cancellationToken)
    {
        if (await services.Catalog.EditionAsync(slug, cancellationToken) is not { } context)
        {
            return NotFound(slug);
        }

        List<VideoLessonSpec> lessons = [.. context.Package.Items.OfType<VideoLessonSpec>()];
        await using var command = services.DataSource.CreateCommand("""
            SELECT NULL::text, 0, (SELECT count(*) FROM enrollments WHERE course_id = $1)::int
            UNION ALL
            SELECT d.key, LEAST(floor(p.covered_seconds / d.duration * 10), 9)::int, count(*)::int
            FROM lesson_progress p
            JOIN enrollments e ON e.id = p.enrollment_id
            JOIN unnest($2::text[], $3::float8[]) AS d(key, duration) ON d.key = p.item_key
            WHERE e.course_id = $1
            GROUP BY 1, 2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = context.CourseId });
        command.Parameters.Add(new NpgsqlParameter { Value = lessons.Select(lesson => lesson.Key).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = lessons.Select(lesson => (double)lesson.DurationSeconds).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        var enrolled = 0;
        var buckets = lessons.ToDictionary(lesson => lesson.Key, _ => new int[10]);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.IsDBNull(0))
                {
                    enrolled = reader.GetInt32(2);
                }
                else
                {
                    buckets[reader.GetString(0)][reader.GetInt32(1)] = reader.GetInt32(2);
                }
            }
        }

        return TypedResults.Ok(new CoverageResponse(slug, enrolled, [.. lessons.Select(lesson => new CoverageDistribution(
            lesson.Key,
            CatalogMapping.Local(lesson.Title),
            lesson.DurationSeconds,
            Math.Max(0, enrolled - buckets[lesson.Key].Sum()),
            buckets[lesson.Key]))]));
    }

    private static EnrollmentRow ReadEnrollment(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        Snake(reader.GetString(5)),
        reader.GetFieldValue<DateTimeOffset>(6),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
        reader.GetDecimal(9));

    /// <summary>A CSV download written as it is produced, flushed every few hundred rows.</summary>
    private static PushStreamHttpResult Csv(string fileName, Func<StreamWriter, CancellationToken, Task> write) =>
        TypedResults.Stream(
            async stream =>
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: 16 * 1024) { NewLine = "\r\n" };
                await write(writer, CancellationToken.None);
            },
            "text/csv; charset=utf-8",
            fileName);

    /// <summary>One CSV line (RFC 4180): fields quoted when needed; a field a spreadsheet would run as a formula is defused with a leading quote.</summary>
    private static async Task WriteRowAsync(StreamWriter writer, string[] fields, CancellationToken cancellationToken)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                await writer.WriteAsync(',');
            }

            var field = fields[i];
            if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !decimal.TryParse(field, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
            {
                field = "'" + field;
            }

            await writer.WriteAsync(field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field);
        }

        await writer.WriteLineAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static string Date(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "";

    private static string Number(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static decimal Share(int part, int whole) => whole == 0 ? 0m : Math.Round((decimal)part / whole, 4);

    private static string Snake(string pascal) => Courses.Packages.PackageNames.Snake(pascal);

    private static ProblemHttpResult NotFound(string slug) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("Course not found.", "Cours introuvable."), detail: slug);
}
