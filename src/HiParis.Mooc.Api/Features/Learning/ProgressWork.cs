using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Learning;
using Npgsql;
using NpgsqlTypes;

namespace HiParis.Mooc.Api.Features.Learning;

/// <summary>
/// Whoever must act, in the same transaction, when an enrolment reaches a milestone (the certificates
/// feature issues one when the rule is met). The learning feature knows no one by name: dependencies run
/// one way (Certificates → Learning).
/// </summary>
public interface IProgressMilestones
{
    Task OnReachedAsync(Enrollment enrollment, CourseEdition edition, IReadOnlyList<ProgressMilestone> milestones, CancellationToken cancellationToken);
}

/// <summary>Saves a change of an enrolment's progress, with what its milestones set off, in one unit of work.</summary>
public sealed class ProgressWork(UnitOfWork work, IEnumerable<IProgressMilestones> listeners)
{
    // A heartbeat that changed no state (ADR 30): the enrolment's three numbers and the lesson's watched parts,
    // in one statement that commits by itself. Both rows are written only if the enrolment's row is still the
    // version the heartbeat started from: as every change of progress writes that row, nothing else was changed
    // since. The lesson's row was read or written with that version, and a lesson's row goes only with its
    // enrolment's, so it is there: no row back means another change came first, and nothing was written.
    private const string WatchingSql = """
        WITH enrollment AS (
            UPDATE enrollments SET last_activity_at = $3, last_heartbeat_at = $4, video_allowance = $5
            WHERE id = $1 AND xmin = $2
            RETURNING xmin)
        UPDATE lesson_progress SET watched = $7, covered_seconds = $8, recent_sequences = $9
        FROM enrollment WHERE lesson_progress.id = $6
        RETURNING enrollment.xmin
        """;

    // An autosave (ADR 34): the enrolment's activity and the attempt's answers, in one statement that commits by
    // itself, written only if the enrolment's row is still the version the autosave started from. An attempt's
    // row changes only with its enrolment's, so it is as the autosave saw it; both rows get the statement's xmin.
    private const string AnswersSql = """
        WITH enrollment AS (
            UPDATE enrollments SET last_activity_at = $3
            WHERE id = $1 AND xmin = $2
            RETURNING xmin)
        UPDATE quiz_attempts SET answers = $5
        FROM enrollment WHERE quiz_attempts.id = $4 AND quiz_attempts.enrollment_id = $1
        RETURNING enrollment.xmin
        """;

    public UnitOfWork Work => work;

    /// <summary>
    /// Always writes the enrolment row: two changes of one enrolment then race on its xmin even within one
    /// clock tick, and the loser runs again (no roll-up can miss the other's completion).
    /// </summary>
    public async Task SaveAsync(Enrollment enrollment, CourseEdition edition, CancellationToken cancellationToken)
    {
        MarkWritten(enrollment);
        if (enrollment.Milestones.Count > 0)
        {
            List<ProgressMilestone> reached = [.. enrollment.Milestones];
            enrollment.ClearMilestones();
            foreach (var listener in listeners)
            {
                await listener.OnReachedAsync(enrollment, edition, reached, cancellationToken);
            }
        }

        await work.SaveAsync(cancellationToken);
    }

    /// <summary>
    /// Makes the next save write the enrolment's row (a new row version) even if nothing of it changed: for
    /// a change elsewhere that requests starting from a kept enrolment must not miss (ADR 30, ADR 32).
    /// </summary>
    public void MarkWritten(Enrollment enrollment) => work.Db.Entry(enrollment).Property(entry => entry.LastActivityAt).IsModified = true;

    /// <summary>
    /// Writes what a heartbeat that changed no state changed (the enrolment's activity and allowance, the
    /// lesson's watched parts), if the enrolment's row is still at <paramref name="rowVersion"/>; returns the new
    /// row version, or null when another change came first (then nothing was written).
    /// </summary>
    public async Task<uint?> SaveWatchingAsync(Enrollment enrollment, LessonProgress lesson, uint rowVersion, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(WatchingSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = enrollment.Id });
        command.Parameters.Add(new NpgsqlParameter<uint> { TypedValue = rowVersion, NpgsqlDbType = NpgsqlDbType.Xid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)enrollment.LastActivityAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)enrollment.LastHeartbeatAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = enrollment.VideoAllowance });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = lesson.Id });
        command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = lesson.Watched });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lesson.CoveredSeconds });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = lesson.RecentSequences });
        return await work.CommitStatementAsync(command, cancellationToken) is uint written ? written : null;
    }

    /// <summary>
    /// Writes what an autosave changed (the enrolment's activity, the attempt's answers), if the enrolment's row
    /// is still at <paramref name="rowVersion"/>; returns the rows' new version, or null when another change came
    /// first (then nothing was written). The answers are written as EF's mapping of the column writes them.
    /// </summary>
    public async Task<uint?> SaveAnswersAsync(Enrollment enrollment, QuizAttempt attempt, uint rowVersion, CancellationToken cancellationToken)
    {
        var answers = work.Db.Model.FindEntityType(typeof(QuizAttempt))!.FindProperty(nameof(QuizAttempt.Answers))!.GetValueConverter()!.ConvertToProvider(attempt.Answers);
        await using var command = new NpgsqlCommand(AnswersSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = enrollment.Id });
        command.Parameters.Add(new NpgsqlParameter<uint> { TypedValue = rowVersion, NpgsqlDbType = NpgsqlDbType.Xid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)enrollment.LastActivityAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = attempt.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = answers ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        return await work.CommitStatementAsync(command, cancellationToken) is uint written ? written : null;
    }
}
