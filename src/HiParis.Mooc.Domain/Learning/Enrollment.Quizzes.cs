using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Domain.Learning;

/// <summary>Quizzes and grades: the attempts of one enrolment, the grade of each quiz and of the course.</summary>
public sealed partial class Enrollment
{
    private readonly List<QuizAttempt> _attempts = [];
    private readonly List<QuizGrade> _quizGrades = [];

    /// <summary>The course grade (0 to 1): the quizzes' grades weighted by the grading policy, a quiz not taken counting 0.</summary>
    public decimal Grade { get; private set; }

    public DateTimeOffset? GradedAt { get; private set; }

    /// <summary>The attempts loaded with this enrolment (the API loads those of the quiz a request is about).</summary>
    public IReadOnlyCollection<QuizAttempt> Attempts => _attempts;

    public IReadOnlyCollection<QuizGrade> QuizGrades => _quizGrades;

    public QuizGrade? QuizGradeFor(string quizKey) => _quizGrades.FirstOrDefault(grade => grade.QuizKey == quizKey);

    /// <summary>The attempts at a quiz that count (not discarded by a reset), in the order they were taken.</summary>
    public IReadOnlyList<QuizAttempt> AttemptsAt(string quizKey) => [.. _attempts.Where(attempt => attempt.QuizKey == quizKey && attempt.DiscardedAt is null).OrderBy(attempt => attempt.Number)];

    /// <summary>
    /// Whether the learner may start an attempt now, and if not, why and from when: the attempts left, the
    /// delay after the last submission, an attempt in progress that the delay keeps open. The one rule
    /// that starting an attempt enforces and that every view shows.
    /// </summary>
    public AttemptAvailability NextAttempt(QuizContext quiz, DateTimeOffset now)
    {
        var attempts = AttemptsAt(quiz.Spec.Key);
        var allowed = quiz.Allowance.AttemptsAllowed(quiz.Spec.Policy);
        if (attempts.Count >= allowed)
        {
            return new AttemptAvailability(false, attempts.Count, allowed, null, AttemptBlock.NoAttemptsLeft);
        }

        var delay = TimeSpan.FromMinutes(quiz.Spec.Policy.DelayMinutes ?? 0);
        if (delay > TimeSpan.Zero && attempts.Any(attempt => attempt.IsOpen && !attempt.IsOverdue(now)))
        {
            return new AttemptAvailability(false, attempts.Count, allowed, null, AttemptBlock.AttemptInProgress);
        }

        if (attempts.LastOrDefault(attempt => attempt.SubmittedAt is not null) is { SubmittedAt: { } last } && last + delay > now)
        {
            return new AttemptAvailability(false, attempts.Count, allowed, last + delay, AttemptBlock.TooSoon);
        }

        return new AttemptAvailability(true, attempts.Count, allowed, null, null);
    }

    /// <summary>
    /// Whether the learner may see an attempt's answer key, feedback and explanations, by the quiz's
    /// current show-answer policy (so a policy tightened since applies to earlier attempts too).
    /// </summary>
    public bool RevealsAnswers(QuizContext quiz, QuizAttempt attempt)
    {
        var policy = quiz.Spec.Policy.ShowAnswers;
        if (policy == ShowAnswers.Always)
        {
            return true;
        }

        if (policy == ShowAnswers.Never || attempt.IsOpen)
        {
            return false;
        }

        var attempts = AttemptsAt(quiz.Spec.Key);
        return policy switch
        {
            ShowAnswers.AfterEachAttempt => true,
            ShowAnswers.AfterPassing => QuizGradeFor(quiz.Spec.Key)?.EverPassed == true,
            _ => attempts.Count >= quiz.Allowance.AttemptsAllowed(quiz.Spec.Policy) && !attempts.Any(candidate => candidate.IsOpen),
        };
    }

    /// <summary>
    /// Course staff reset the learner's attempts at a quiz (a technical failure, say): they stop counting,
    /// the quiz and course grades are recomputed without them. Returns how many were reset.
    /// </summary>
    public int ResetQuizAttempts(QuizContext quiz, Actor actor)
    {
        var attempts = AttemptsAt(quiz.Spec.Key);
        foreach (var attempt in attempts)
        {
            attempt.Discard(actor.Now);
        }

        QuizGradeFor(quiz.Spec.Key)?.Recompute(quiz.Spec.Policy, [], actor.Now);
        RecomputeGrade(quiz.Grading, actor.Now);
        LastActivityAt = actor.Now;
        return attempts.Count;
    }

    /// <summary>
    /// Starts a new attempt. An attempt past its deadline is submitted first; an attempt still open is
    /// submitted as it is (starting over means leaving it), unless the quiz asks for a delay between
    /// attempts. The same <paramref name="requestKey"/> gets the same attempt back.
    /// </summary>
    public QuizAttempt StartQuizAttempt(QuizContext quiz, Guid courseVersionId, int seed, string? requestKey, Actor actor)
    {
        LessonForProgress(quiz.Schedule, quiz.Module, quiz.Spec.Key, actor);
        CloseOverdueAttempts(quiz, actor);
        var attempts = AttemptsAt(quiz.Spec.Key);
        if (requestKey is not null && attempts.FirstOrDefault(attempt => attempt.RequestKey == requestKey) is { } repeated)
        {
            return repeated;
        }

        var next = NextAttempt(quiz, actor.Now);
        switch (next.BlockedBy)
        {
            case AttemptBlock.NoAttemptsLeft:
                throw new NoAttemptsLeftException(next.Allowed);
            case AttemptBlock.AttemptInProgress:
                throw new DomainException("quiz.attempt-in-progress", "Submit the attempt in progress before starting another one.");
            case AttemptBlock.TooSoon:
                throw new QuizAttemptTooSoonException(next.AvailableAt!.Value);
        }

        if (attempts.FirstOrDefault(attempt => attempt.IsOpen) is { } open)
        {
            open.Replace(quiz.SpecFor(open), this, actor);
            AfterGrading(quiz, actor);
        }

        // Numbers go on after discarded attempts: each stays unique per enrolment and quiz.
        var number = 1 + _attempts.Where(candidate => candidate.QuizKey == quiz.Spec.Key).Select(candidate => candidate.Number).DefaultIfEmpty(0).Max();
        var attempt = QuizAttempt.Start(Id, quiz.Spec, number, courseVersionId, seed, requestKey, quiz.Allowance.ExtraTimePercent, actor.Now);
        _attempts.Add(attempt);
        var item = LessonFor(quiz.Spec.Key)!;
        if (item.State == LessonState.NotStarted)
        {
            item.Begin(this, actor);
        }

        return attempt;
    }

    /// <summary>Autosaves answers of an open attempt; an attempt past its deadline is submitted instead (and the answers refused).</summary>
    public bool SaveQuizAnswers(QuizAttempt attempt, IReadOnlyDictionary<string, QuizAnswer> answers, QuizContext quiz, Actor actor)
    {
        if (CloseIfOverdue(attempt, quiz, actor))
        {
            return false;
        }

        attempt.SaveAnswers(answers, quiz.SpecFor(attempt), this, actor);
        LastActivityAt = actor.Now;
        return true;
    }

    /// <summary>
    /// Checks answers of a practice set's open attempt at once, for immediate feedback: they are saved, and
    /// each comes back graded. Only a practice set answers before submission; a graded quiz keeps its key
    /// until its show-answer policy allows.
    /// </summary>
    public IReadOnlyList<QuestionResult> CheckPracticeAnswers(QuizAttempt attempt, IReadOnlyDictionary<string, QuizAnswer> answers, QuizContext quiz, Actor actor)
    {
        if (!quiz.Spec.IsPractice)
        {
            throw new DomainException("quiz.not-practice", "Only a practice set checks answers before it is submitted.");
        }

        if (!SaveQuizAnswers(attempt, answers, quiz, actor))
        {
            return [];
        }

        var spec = quiz.SpecFor(attempt);
        return [.. attempt.QuestionsOf(spec).Where(question => answers.ContainsKey(question.Key))
            .Select(question => QuestionGrading.Grade(question, attempt.Answers.GetValueOrDefault(question.Key)))];
    }

    /// <summary>Submits an open attempt and grades it, then the quiz, its module and the course. Submitting again changes nothing.</summary>
    public void SubmitQuizAttempt(QuizAttempt attempt, QuizContext quiz, Actor actor)
    {
        if (!attempt.IsOpen || CloseIfOverdue(attempt, quiz, actor))
        {
            return;
        }

        attempt.Submit(quiz.SpecFor(attempt), this, actor);
        AfterGrading(quiz, actor);
    }

    /// <summary>Submits the attempts whose deadline has passed, with the answers they saved. Returns whether any was.</summary>
    public bool CloseOverdueAttempts(QuizContext quiz, Actor actor)
    {
        var closed = false;
        foreach (var attempt in AttemptsAt(quiz.Spec.Key))
        {
            closed |= CloseIfOverdue(attempt, quiz, actor);
        }

        return closed;
    }

    private bool CloseIfOverdue(QuizAttempt attempt, QuizContext quiz, Actor actor)
    {
        if (!attempt.IsOverdue(actor.Now))
        {
            return false;
        }

        // Graded as of its deadline: the learner could not have saved anything after it.
        attempt.Expire(quiz.SpecFor(attempt), this, actor with { Now = attempt.Deadline!.Value });
        AfterGrading(quiz, actor);
        return true;
    }

    /// <summary>After an attempt is graded: the quiz's grade, the quiz item's completion, its module, the course grade.</summary>
    private void AfterGrading(QuizContext quiz, Actor actor)
    {
        LastActivityAt = actor.Now;
        var grade = QuizGradeFor(quiz.Spec.Key);
        if (grade is null)
        {
            grade = QuizGrade.Create(Id, quiz.Spec.Key);
            _quizGrades.Add(grade);
        }

        var attempts = AttemptsAt(quiz.Spec.Key);
        grade.Recompute(quiz.Spec.Policy, attempts, actor.Now);

        // A quiz is done for its module once passed, or once every allowed attempt is used; a practice set once
        // it is submitted, whatever its score.
        var item = LessonFor(quiz.Spec.Key);
        var exhausted = attempts.Count >= quiz.Allowance.AttemptsAllowed(quiz.Spec.Policy) && !attempts.Any(attempt => attempt.IsOpen);
        if (item?.State == LessonState.InProgress && (grade.Passed || exhausted || quiz.Spec.IsPractice))
        {
            item.Complete(this, actor);
        }

        RollUp(quiz.Schedule, quiz.Module, actor);
        RecomputeGrade(quiz.Grading, actor.Now);
        Reached(new AttemptGraded(quiz.Spec.Key));
    }

    private void RecomputeGrade(GradingPolicy grading, DateTimeOffset now)
    {
        var total = grading.Weights.Sum(weight => weight.Weight);
        var earned = grading.Weights.Sum(weight => weight.Weight * (QuizGradeFor(weight.Quiz)?.Grade ?? 0m));
        Grade = total > 0 ? Math.Round(earned / total, 4) : 0m;
        GradedAt = now;
    }
}

/// <summary>
/// A quiz as a request about it needs it: its current definition, the learner's schedule (its place in
/// the course, the grading policy), the learner's allowance, and the definition each attempt was started on.
/// </summary>
public sealed record QuizContext(
    QuizSpec Spec,
    CourseSchedule Schedule,
    QuizAllowance Allowance,
    IReadOnlyDictionary<Guid, QuizSpec> EarlierVersions)
{
    public ScheduledModule Module => Schedule.Find(Spec.Key)!.Value.Module;

    public GradingPolicy Grading => Schedule.Course.Grading;

    /// <summary>The quiz as the attempt saw it: from the version it was started on when that is not the current one.</summary>
    public QuizSpec SpecFor(QuizAttempt attempt) => EarlierVersions.GetValueOrDefault(attempt.CourseVersionId) ?? Spec;
}

/// <summary>Why a new attempt cannot start now.</summary>
public enum AttemptBlock
{
    NoAttemptsLeft,
    AttemptInProgress,
    TooSoon,
}

/// <summary>Whether a new attempt can start, the attempts used and allowed, and when the next may start.</summary>
public sealed record AttemptAvailability(bool CanStart, int Used, int Allowed, DateTimeOffset? AvailableAt, AttemptBlock? BlockedBy);

/// <summary>A new attempt when every allowed one is used.</summary>
public sealed class NoAttemptsLeftException(int allowed)
    : DomainException("quiz.no-attempts-left", $"You have used all {allowed} attempts at this quiz.")
{
    public int Allowed { get; } = allowed;
}

/// <summary>A new attempt before the quiz's delay between attempts has passed.</summary>
public sealed class QuizAttemptTooSoonException(DateTimeOffset availableAt)
    : DomainException("quiz.attempt-too-soon", $"The next attempt can start at {availableAt:u}.")
{
    public DateTimeOffset AvailableAt { get; } = availableAt;
}
