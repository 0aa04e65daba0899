using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Domain.Learning;

/// <summary>
/// A learner's grade on one quiz across their graded attempts, by the quiz's grading method. Kept with
/// the enrolment and recomputed in the same change as the attempt that moves it, so the course grade
/// never lags behind a submission.
/// </summary>
public sealed class QuizGrade
{
    private QuizGrade()
    {
    }

    public Guid Id { get; private set; }

    public Guid EnrollmentId { get; private set; }

    public string QuizKey { get; private set; } = "";

    /// <summary>The grade that counts (0 to 1): highest, last, first or average of the graded attempts.</summary>
    public decimal Grade { get; private set; }

    public decimal Best { get; private set; }

    public int GradedAttempts { get; private set; }

    /// <summary>The counting grade reached the quiz's pass mark.</summary>
    public bool Passed { get; private set; }

    /// <summary>Some attempt reached the pass mark (what "show answers after passing" waits for).</summary>
    public bool EverPassed { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    internal static QuizGrade Create(Guid enrollmentId, string quizKey) => new() { Id = Guid.NewGuid(), EnrollmentId = enrollmentId, QuizKey = quizKey };

    internal void Recompute(QuizPolicy policy, IEnumerable<QuizAttempt> attempts, DateTimeOffset now)
    {
        List<decimal> grades = [.. attempts.Where(attempt => attempt.Grade is not null).OrderBy(attempt => attempt.Number).Select(attempt => attempt.Grade!.Value)];
        Grade = Combine(policy.GradingMethod, grades);
        Best = grades.Count == 0 ? 0m : grades.Max();
        GradedAttempts = grades.Count;
        Passed = grades.Count > 0 && Grade >= policy.PassMark;
        EverPassed = grades.Count > 0 && Best >= policy.PassMark;
        UpdatedAt = now;
    }

    /// <summary>Combines attempt grades, in the order they were taken, by a grading method; no attempt counts as 0.</summary>
    public static decimal Combine(GradingMethod method, IReadOnlyList<decimal> grades) => grades.Count == 0 ? 0m : method switch
    {
        GradingMethod.Highest => grades.Max(),
        GradingMethod.Last => grades[^1],
        GradingMethod.First => grades[0],
        _ => Math.Round(grades.Average(), 4),
    };
}

/// <summary>
/// What a learner is allowed beyond a quiz's policy (extra attempts, extra time), for one quiz or, with
/// no quiz key, for every quiz of the course. Course staff grant it with a reason.
/// </summary>
public sealed class QuizAccommodation
{
    private QuizAccommodation()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public Guid CourseId { get; private set; }

    /// <summary>The quiz it applies to, or null for every quiz of the course.</summary>
    public string? QuizKey { get; private set; }

    public int ExtraAttempts { get; private set; }

    /// <summary>Extra time as a share of the time limit, in percent (33 for a third more time).</summary>
    public int ExtraTimePercent { get; private set; }

    public string Reason { get; private set; } = "";

    public Guid GrantedBy { get; private set; }

    public DateTimeOffset GrantedAt { get; private set; }

    public const int MaxExtraAttempts = 20;

    public const int MaxExtraTimePercent = 300;

    public static QuizAccommodation Grant(Guid userId, Guid courseId, string? quizKey, int extraAttempts, int extraTimePercent, string reason, Actor actor)
    {
        if (extraAttempts is < 0 or > MaxExtraAttempts || extraTimePercent is < 0 or > MaxExtraTimePercent)
        {
            throw new DomainException("accommodation.out-of-range", $"Extra attempts go from 0 to {MaxExtraAttempts}, extra time from 0 to {MaxExtraTimePercent}%.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("accommodation.reason-required", "An accommodation needs a reason.");
        }

        return new QuizAccommodation
        {
            Id = Guid.CreateVersion7(actor.Now),
            UserId = userId,
            CourseId = courseId,
            QuizKey = quizKey,
            ExtraAttempts = extraAttempts,
            ExtraTimePercent = extraTimePercent,
            Reason = reason.Trim(),
            GrantedBy = actor.Id,
            GrantedAt = actor.Now,
        };
    }

    /// <summary>The allowance for one quiz: its own accommodation when there is one, else the course-wide one.</summary>
    public static QuizAllowance For(string quizKey, IEnumerable<QuizAccommodation> accommodations)
    {
        List<QuizAccommodation> all = [.. accommodations];
        var chosen = all.FirstOrDefault(accommodation => accommodation.QuizKey == quizKey) ?? all.FirstOrDefault(accommodation => accommodation.QuizKey is null);
        return chosen is null ? QuizAllowance.None : new QuizAllowance(chosen.ExtraAttempts, chosen.ExtraTimePercent);
    }
}

/// <summary>Extra attempts and extra time a learner has on one quiz.</summary>
public sealed record QuizAllowance(int ExtraAttempts, int ExtraTimePercent)
{
    public static QuizAllowance None { get; } = new(0, 0);

    public int AttemptsAllowed(QuizPolicy policy) => policy.MaxAttempts + ExtraAttempts;
}
