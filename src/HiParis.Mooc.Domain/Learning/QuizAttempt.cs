using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Domain.Learning;

public enum QuizAttemptState
{
    InProgress,
    Submitted,

    /// <summary>Submitted by the platform with the answers saved so far: its deadline passed, or the learner started a new attempt.</summary>
    AutoSubmitted,
}

public enum QuizAttemptTrigger
{
    SaveAnswers,
    Submit,
    Expire,
    Replace,
}

/// <summary>
/// One attempt at a quiz. Its questions and options are laid out from <see cref="Seed"/>; it is graded
/// once, when it leaves <see cref="QuizAttemptState.InProgress"/>, against the course version it was
/// started on.
/// </summary>
public sealed class QuizAttempt
{
    private Lifecycle<QuizAttemptState, QuizAttemptTrigger, AttemptChange>? _lifecycle;

    private QuizAttempt()
    {
    }

    public Guid Id { get; private set; }

    public Guid EnrollmentId { get; private set; }

    public string QuizKey { get; private set; } = "";

    /// <summary>1 for the first attempt at this quiz; unique per enrolment and quiz, so a race cannot add one too many.</summary>
    public int Number { get; private set; }

    /// <summary>The course version whose questions this attempt shows and is graded on.</summary>
    public Guid CourseVersionId { get; private set; }

    public int Seed { get; private set; }

    /// <summary>The client's <c>Idempotency-Key</c> for the start, so a repeated click gets the same attempt back.</summary>
    public string? RequestKey { get; private set; }

    public QuizAttemptState State { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>The server's deadline when the quiz has a time limit; an attempt past it is submitted on the next request that touches it.</summary>
    public DateTimeOffset? Deadline { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    public IReadOnlyDictionary<string, QuizAnswer> Answers { get; private set; } = new Dictionary<string, QuizAnswer>();

    /// <summary>
    /// The questions this attempt shows, drawn from the quiz's pool when it draws (second edition); empty for
    /// an attempt of the whole quiz (and for every attempt of the first edition).
    /// </summary>
    public IReadOnlyList<string> QuestionKeys { get; private set; } = [];

    public IReadOnlyList<QuestionResult> Results { get; private set; } = [];

    public decimal? Score { get; private set; }

    public decimal? MaxScore { get; private set; }

    /// <summary>Score ÷ maximum score, 0 to 1, once graded.</summary>
    public decimal? Grade { get; private set; }

    /// <summary>When course staff reset the learner's attempts: a discarded attempt no longer counts, nor is shown.</summary>
    public DateTimeOffset? DiscardedAt { get; private set; }

    public bool IsOpen => State == QuizAttemptState.InProgress && DiscardedAt is null;

    public bool CanSaveAnswers => Lifecycle.CanFire(QuizAttemptTrigger.SaveAnswers);

    private Lifecycle<QuizAttemptState, QuizAttemptTrigger, AttemptChange> Lifecycle => _lifecycle ??= BuildLifecycle();

    internal static QuizAttempt Start(Guid enrollmentId, QuizSpec quiz, int number, Guid courseVersionId, int seed, string? requestKey, int extraTimePercent, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        EnrollmentId = enrollmentId,
        QuizKey = quiz.Key,
        Number = number,
        CourseVersionId = courseVersionId,
        Seed = seed,
        RequestKey = requestKey,
        State = QuizAttemptState.InProgress,
        StartedAt = now,
        Deadline = quiz.Policy.TimeLimitMinutes is { } minutes ? now.AddSeconds(minutes * 60.0 * (100 + extraTimePercent) / 100) : null,
        QuestionKeys = quiz.QuestionsPerAttempt < quiz.Questions.Count ? [.. QuizLayout.Draw(quiz, seed)] : [],
    };

    /// <summary>The questions of <paramref name="quiz"/> (as the attempt saw it) that this attempt shows, in the pool's order.</summary>
    public IReadOnlyList<QuestionSpec> QuestionsOf(QuizSpec quiz) =>
        QuestionKeys.Count == 0 ? quiz.Questions : [.. quiz.Questions.Where(question => QuestionKeys.Contains(question.Key))];

    public bool IsOverdue(DateTimeOffset now) => IsOpen && Deadline is { } deadline && now > deadline;

    /// <summary>A reset: the attempt stops counting, and its Idempotency-Key is free for a new start.</summary>
    internal void Discard(DateTimeOffset now)
    {
        DiscardedAt ??= now;
        RequestKey = null;
    }

    /// <summary>The learner erased their account: what they wrote goes, the scores stay for the course's statistics.</summary>
    public void EraseAnswers() => Answers = new Dictionary<string, QuizAnswer>();

    /// <summary>Saves answers (autosave): each given answer replaces the one saved for its question; an empty answer clears it.</summary>
    internal void SaveAnswers(IReadOnlyDictionary<string, QuizAnswer> answers, QuizSpec quiz, Enrollment owner, Actor actor)
    {
        Lifecycle.Fire(QuizAttemptTrigger.SaveAnswers, new AttemptChange(owner, actor, quiz));
        var merged = new Dictionary<string, QuizAnswer>(Answers);
        foreach (var (key, answer) in answers)
        {
            if (answer.IsEmpty)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = answer;
            }
        }

        Answers = merged;
    }

    internal void Submit(QuizSpec quiz, Enrollment owner, Actor actor) => Lifecycle.Fire(QuizAttemptTrigger.Submit, new AttemptChange(owner, actor, quiz));

    internal void Expire(QuizSpec quiz, Enrollment owner, Actor actor) => Lifecycle.Fire(QuizAttemptTrigger.Expire, new AttemptChange(owner, actor, quiz));

    internal void Replace(QuizSpec quiz, Enrollment owner, Actor actor) => Lifecycle.Fire(QuizAttemptTrigger.Replace, new AttemptChange(owner, actor, quiz));

    /// <summary>Grades the saved answers: an unanswered question earns nothing.</summary>
    private void GradeSavedAnswers(AttemptChange change)
    {
        Results = [.. QuestionsOf(change.Quiz).Select(question => QuestionGrading.Grade(question, Answers.GetValueOrDefault(question.Key)))];
        Score = Results.Sum(result => result.Points);
        MaxScore = Results.Sum(result => result.MaxPoints);
        Grade = MaxScore > 0 ? Math.Round(Score.Value / MaxScore.Value, 4) : 0m;
        SubmittedAt = change.Actor.Now;
    }

    private Lifecycle<QuizAttemptState, QuizAttemptTrigger, AttemptChange> BuildLifecycle()
    {
        var lifecycle = new Lifecycle<QuizAttemptState, QuizAttemptTrigger, AttemptChange>(
            "attempt",
            () => State,
            state => State = state,
            (from, to, trigger, change) => change.Owner.Log("attempt", $"{QuizKey}#{Number}", from, to, trigger, change.Actor));
        lifecycle.Configure(QuizAttemptState.InProgress)
            .PermitReentry(QuizAttemptTrigger.SaveAnswers)
            .Permit(QuizAttemptTrigger.Submit, QuizAttemptState.Submitted)
            .Permit(QuizAttemptTrigger.Expire, QuizAttemptState.AutoSubmitted)
            .Permit(QuizAttemptTrigger.Replace, QuizAttemptState.AutoSubmitted);
        lifecycle.Configure(QuizAttemptState.Submitted)
            .OnEntry(transition => GradeSavedAnswers(Lifecycle<QuizAttemptState, QuizAttemptTrigger, AttemptChange>.Change(transition)), "grade the saved answers");
        lifecycle.Configure(QuizAttemptState.AutoSubmitted)
            .OnEntry(transition => GradeSavedAnswers(Lifecycle<QuizAttemptState, QuizAttemptTrigger, AttemptChange>.Change(transition)), "grade the saved answers");
        return lifecycle;
    }

    /// <summary>The workflow as a Mermaid state diagram (docs/state-machines/quiz-attempt.md).</summary>
    public static string Diagram() => new QuizAttempt().Lifecycle.Diagram();
}

/// <summary>A change of an attempt: the enrolment keeps its log; grading needs the quiz as the attempt saw it.</summary>
internal readonly record struct AttemptChange(Enrollment Owner, Actor Actor, QuizSpec Quiz);
