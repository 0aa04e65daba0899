using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Api.Features.Learning.Quizzes;

/// <summary>A quiz of a learner's course, opened for a request: the course, the enrolment (tracked), the quiz as the domain needs it, and who acts.</summary>
public sealed record QuizSession(CourseEdition Edition, Enrollment Enrollment, QuizContext Quiz, Actor Actor)
{
    public AttemptView View(QuizAttempt attempt) => QuizViews.Attempt(Enrollment, Quiz, attempt, Edition.Slug);
}

/// <summary>
/// Opens quiz sessions: loads what a quiz request changes, the learner's allowance and the quiz as each
/// attempt saw it (an attempt started on an earlier course version is graded on that version), and
/// submits attempts whose time is over before anything else happens.
/// </summary>
public sealed class QuizSessions(CourseCatalog catalog, LearnerRecords records, ProgressWork progress, TimeProvider time)
{
    public ProgressWork Progress => progress;

    /// <summary>
    /// The learner's session on a quiz of a course, or why there is none: the course has no such quiz, or the
    /// learner has no current enrolment. <paramref name="enrollmentId"/> names the enrolment an attempt was made
    /// in, for a request about that attempt; <paramref name="actorId"/> is who acts (the learner, or course
    /// staff on their behalf).
    /// </summary>
    public async Task<LearningOutcome<QuizSession>> OpenAsync(Guid learnerId, string slug, string quizKey, Guid? enrollmentId, Guid actorId, CancellationToken cancellationToken)
    {
        if (await catalog.EditionAsync(slug, cancellationToken) is not { } edition
            || edition.Package.Find(quizKey) is not (var module, QuizSpec spec))
        {
            return LearningOutcome.NoSuchItem<QuizSession>();
        }

        if (await records.ForQuizAsync(learnerId, edition.CourseId, enrollmentId, module, quizKey, cancellationToken) is not { } enrollment)
        {
            return LearningOutcome.NotEnrolled<QuizSession>();
        }

        var quiz = await ContextAsync(edition, spec, enrollment, cancellationToken);
        var actor = new Actor(actorId, time.GetUtcNow());
        if (enrollment.CloseOverdueAttempts(quiz, actor))
        {
            await progress.SaveAsync(enrollment, edition, cancellationToken);
        }

        return new QuizSession(edition, enrollment, quiz, actor);
    }

    /// <summary>The quiz as the domain needs it for this enrolment.</summary>
    public async Task<QuizContext> ContextAsync(CourseEdition edition, QuizSpec spec, Enrollment enrollment, CancellationToken cancellationToken)
    {
        Dictionary<Guid, QuizSpec> earlier = [];
        foreach (var versionId in enrollment.AttemptsAt(spec.Key).Select(attempt => attempt.CourseVersionId).Where(id => id != edition.VersionId).Distinct())
        {
            if ((await catalog.VersionAsync(versionId, cancellationToken))?.Quizzes.FirstOrDefault(quiz => quiz.Key == spec.Key) is { } then)
            {
                earlier[versionId] = then;
            }
        }

        var accommodations = await records.AccommodationsAsync(enrollment.UserId, edition.CourseId, cancellationToken);
        return new QuizContext(spec, edition.ScheduleFor(enrollment), QuizAccommodation.For(spec.Key, accommodations), earlier);
    }
}
