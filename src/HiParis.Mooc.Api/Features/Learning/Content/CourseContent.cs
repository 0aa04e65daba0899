using System.Security.Cryptography;
using System.Text;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Content;
using HiParis.Mooc.Api.Features.Learning.Quizzes;
using HiParis.Mooc.Api.Infrastructure.Media;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Api.Features.Learning.Content;

/// <summary>A transcript to send: its text, its media type and a strong validator.</summary>
public sealed record TranscriptFile(string Text, string MediaType, string ETag);

/// <summary>
/// The course's content as learners receive it: an open item of their enrolment, a preview item for anyone,
/// and a lesson's captions and transcripts. Nothing of a week that has not opened is handed out.
/// </summary>
public sealed class CourseContent(CourseCatalog catalog, LearnerRecords records, QuizSessions sessions, MediaLinks media, TimeProvider time)
{
    /// <summary>An item of the learner's course; a locked one throws (409 with its opening time).</summary>
    public async Task<LearningOutcome<ItemContentResponse>> ItemAsync(Guid userId, string slug, string key, CancellationToken cancellationToken)
    {
        if (await catalog.EditionAsync(slug, cancellationToken) is not { } edition || edition.Package.Items.All(item => item.Key != key))
        {
            return LearningOutcome.NoSuchItem<ItemContentResponse>();
        }

        if (await records.CurrentToReadAsync(userId, edition.CourseId, cancellationToken) is not { } enrollment)
        {
            return LearningOutcome.NotEnrolled<ItemContentResponse>();
        }

        var (module, item) = edition.ScheduleFor(enrollment).Find(key)!.Value;
        var state = enrollment.StatusOf(module, key, time.GetUtcNow());
        if (state == ItemStatus.Locked)
        {
            throw new ItemLockedException(key, module.OpensAt);
        }

        var quiz = item is QuizSpec ? await QuizInfoAsync(userId, slug, key, cancellationToken) : null;
        var builder = new ItemContentBuilder(edition, media, new TranscriptRoutes((language, format) => LearningApiPaths.Captions(slug, key, language, format)));
        return builder.Build(module.Spec, module.Week, item, state, enrollment.LessonFor(key), quiz);
    }

    /// <summary>A preview item (or the trailer), for anyone; null when the course has no such public item.</summary>
    public async Task<ItemContentResponse?> PreviewAsync(string slug, string key, CancellationToken cancellationToken)
    {
        if (await catalog.EditionAsync(slug, cancellationToken) is not { } edition || Public(edition, key) is not var (module, week, item))
        {
            return null;
        }

        var builder = new ItemContentBuilder(edition, media, new TranscriptRoutes((language, format) => LearningApiPaths.PreviewCaptions(slug, key, language, format)));
        return builder.Build(module, week, item, null, null, null);
    }

    /// <summary>
    /// A lesson's captions or transcript in a language: to an enrolled learner once its week is open
    /// (<paramref name="userId"/>), or to anyone for a preview lesson (null). Null when there is none to give.
    /// </summary>
    public async Task<LearningOutcome<TranscriptFile>> TranscriptAsync(Guid? userId, string slug, string key, string language, TranscriptFormat format, CancellationToken cancellationToken)
    {
        if (await catalog.EditionAsync(slug, cancellationToken) is not { } edition
            || edition.Package.Items.FirstOrDefault(item => item.Key == key) is not VideoLessonSpec video
            || !video.Transcripts.TryGetValue(language, out var transcript))
        {
            return LearningOutcome.NoSuchItem<TranscriptFile>();
        }

        if (userId is { } learner)
        {
            if (await records.CurrentToReadAsync(learner, edition.CourseId, cancellationToken) is not { } enrollment)
            {
                return LearningOutcome.NotEnrolled<TranscriptFile>();
            }

            var module = edition.ScheduleFor(enrollment).Find(key)!.Value.Module;
            if (!enrollment.IsOpen(module, time.GetUtcNow()))
            {
                throw new ItemLockedException(key, module.OpensAt);
            }
        }
        else if (!edition.Package.IsPublic(video))
        {
            return LearningOutcome.NoSuchItem<TranscriptFile>();
        }

        var text = Transcripts.Convert(transcript.WebVtt, format);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32]}\"";
        return new TranscriptFile(text, Transcripts.MediaType(format), etag);
    }

    private async Task<QuizInfoResponse?> QuizInfoAsync(Guid userId, string slug, string key, CancellationToken cancellationToken)
    {
        if ((await sessions.OpenAsync(userId, slug, key, null, userId, cancellationToken)).Value is not { } session)
        {
            return null;
        }

        var (enrollment, quiz) = (session.Enrollment, session.Quiz);
        var next = enrollment.NextAttempt(quiz, session.Actor.Now);
        var grade = enrollment.QuizGradeFor(key);
        var unlimited = next.Allowed >= QuizPolicy.UnlimitedAttempts;
        var perAttempt = quiz.Spec.QuestionsPerAttempt;
        return new QuizInfoResponse(
            quiz.Spec.IsPractice,
            perAttempt,
            quiz.Spec.Questions.Count,
            quiz.Spec.PointsPerAttempt,
            unlimited ? null : next.Allowed,
            next.Used,
            unlimited ? null : Math.Max(0, next.Allowed - next.Used),
            next.CanStart,
            next.AvailableAt,
            quiz.Spec.Policy.TimeLimitMinutes,
            quiz.Spec.Policy.ShowAnswers,
            quiz.Spec.Policy.GradingMethod,
            quiz.Spec.Policy.PassMark,
            grade?.Grade ?? 0m,
            grade?.Passed ?? false,
            enrollment.AttemptsAt(key).FirstOrDefault(attempt => attempt.IsOpen)?.Id);
    }

    private static (ModuleSpec Module, int Week, ItemSpec Item)? Public(CourseEdition edition, string key) =>
        edition.Package.Find(key) is (var module, var item) && edition.Package.IsPublic(item)
            ? (module, module.UnlockWeek ?? edition.Package.Modules.IndexOf(module) + 1, item)
            : null;
}
