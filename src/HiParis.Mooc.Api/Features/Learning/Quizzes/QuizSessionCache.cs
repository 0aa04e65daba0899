using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Learning;
using Microsoft.Extensions.Caching.Memory;

namespace HiParis.Mooc.Api.Features.Learning.Quizzes;

/// <summary>
/// Whose enrolment, in which published version of the course. One entry per learner and course: each change
/// of the enrolment writes its row, so an entry per quiz would be stale as soon as another quiz changed.
/// </summary>
public readonly record struct QuizSessionKey(Guid UserId, Guid VersionId);

/// <summary>
/// An enrolment as the learner's last quiz request left it: the rows the requests since it was loaded
/// (<see cref="LearnerRecords.ForQuizAsync"/>) needed, with their row versions, and the learner's
/// accommodations in the course.
/// </summary>
public sealed record KeptQuiz(Enrollment Enrollment, KeptRows Rows, IReadOnlyList<QuizAccommodation> Accommodations);

/// <summary>
/// Each learner's quiz session as their last quiz request on this instance left it (ADR 32): the next start,
/// autosave or submit starts from it instead of loading the enrolment, the attempts and the accommodations.
/// The enrolment's row is written by every such request, naming the version kept here; a grant of
/// accommodations writes it too. Also who owns an attempt, which never changes once it is made.
/// </summary>
public sealed class QuizSessionCache() : KeptEnrollments<QuizSessionKey, KeptQuiz>(MaxBytes)
{
    internal const long MaxBytes = 64L * 1024 * 1024;
    private const int MaxOwners = 200_000;
    private static readonly TimeSpan OwnerIdle = TimeSpan.FromMinutes(30);

    private readonly MemoryCache _owners = new(new MemoryCacheOptions { SizeLimit = MaxOwners });

    public void Keep(QuizSessionKey key, KeptQuiz kept) => Keep(key, kept, SizeOf(kept));

    /// <summary>The owner of an attempt as an earlier request found it; null when unknown here or not <paramref name="userId"/>'s.</summary>
    public AttemptOwner? OwnerOf(Guid attemptId, Guid userId) =>
        _owners.TryGetValue(attemptId, out (Guid UserId, AttemptOwner Owner) known) && known.UserId == userId ? known.Owner : null;

    public void KnowOwner(Guid attemptId, Guid userId, AttemptOwner owner) =>
        _owners.Set(attemptId, (userId, owner), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = OwnerIdle });

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _owners.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A rough size in bytes: the rows, and the attempts' answers and results that grow with their questions.</summary>
    private static long SizeOf(KeptQuiz kept) =>
        2048 + (256L * kept.Rows.Rows.Count) + kept.Enrollment.Attempts.Sum(attempt => 128L * (attempt.Answers.Count + attempt.Results.Count + attempt.QuestionKeys.Count));
}
