using System.Security.Cryptography;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Domain;
using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Api.Features.Learning.Quizzes;

/// <summary>A new attempt, or the one a repeated click already started.</summary>
public sealed record StartedAttempt(AttemptView Attempt, bool Created);

/// <summary>Answers saved; or the errors that refused them; or the attempt, closed because its time was over.</summary>
public sealed record SavedAnswers(AttemptView? Attempt, IReadOnlyDictionary<string, string[]> Errors, bool Expired);

/// <summary>Practice answers checked: each with its result, feedback, explanation and key; or the errors that refused them.</summary>
public sealed record CheckedAnswers(IReadOnlyList<CheckedAnswerView> Questions, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// Taking a quiz: start, list, autosave, submit. Each opens the session, calls one domain verb, saves and maps;
/// a change keeps its session for the learner's next one (ADR 32), and an answer from a kept session that
/// wrote nothing first checks that the session is still current.
/// </summary>
public sealed class QuizTaking(QuizSessions sessions)
{
    public async Task<LearningOutcome<StartedAttempt>> StartAsync(Guid userId, string slug, string quizKey, string? requestKey, CancellationToken cancellationToken)
    {
        if (await sessions.TakeForStartAsync(userId, slug, quizKey, cancellationToken) is { } kept
            && await StartOnKeptAsync(kept, requestKey, cancellationToken) is { } started)
        {
            return started;
        }

        var opened = await sessions.OpenForChangeAsync(userId, slug, quizKey, cancellationToken);
        if (opened.Value is not { } session)
        {
            return new LearningOutcome<StartedAttempt>(null, opened.ItemMissing);
        }

        var before = session.Enrollment.AttemptsAt(quizKey).Count;
        var attempt = await StartAttemptAsync(session, requestKey, cancellationToken);
        var created = session.Enrollment.AttemptsAt(quizKey).Count > before;
        await sessions.Progress.SaveAsync(session.Enrollment, session.Edition, cancellationToken);
        sessions.Started(session, attempt);
        return new StartedAttempt(Answered(session, attempt), created);
    }

    public async Task<LearningOutcome<QuizAttemptsResponse>> AttemptsAsync(Guid userId, string slug, string quizKey, CancellationToken cancellationToken)
    {
        var opened = await sessions.OpenAsync(userId, slug, quizKey, null, userId, cancellationToken);
        return opened.Value is { } session ? Summary(session) : new LearningOutcome<QuizAttemptsResponse>(null, opened.ItemMissing);
    }

    public async Task<AttemptView?> AttemptAsync(Guid userId, Guid attemptId, CancellationToken cancellationToken) =>
        await sessions.OpenAttemptAsync(userId, attemptId, forChange: false, cancellationToken) is { } session ? session.View(Find(session, attemptId)) : null;

    /// <summary>Autosaves answers; null when the attempt is not the learner's.</summary>
    public async Task<SavedAnswers?> SaveAnswersAsync(Guid userId, Guid attemptId, SaveAnswersRequest request, CancellationToken cancellationToken)
    {
        if (await sessions.TakeKeptAsync(userId, attemptId, cancellationToken) is { } kept
            && await SaveAnswersOnKeptAsync(kept, request, cancellationToken) is { } written)
        {
            return written;
        }

        if (await sessions.OpenAttemptAsync(userId, attemptId, forChange: true, cancellationToken) is not { } session)
        {
            return null;
        }

        var attempt = Find(session, attemptId);
        if (attempt.State == QuizAttemptState.AutoSubmitted && attempt.SubmittedAt == attempt.Deadline)
        {
            await sessions.EnsureCurrentAsync(session, cancellationToken);
            return new SavedAnswers(session.View(attempt), new Dictionary<string, string[]>(), Expired: true);
        }

        var (answers, errors) = AnswerReading.Read(request, attempt.QuestionsOf(session.Quiz.SpecFor(attempt)));
        if (errors.Count > 0)
        {
            return new SavedAnswers(null, errors, Expired: false);
        }

        var saved = session.Enrollment.SaveQuizAnswers(attempt, answers, session.Quiz, session.Actor);
        await sessions.Progress.SaveAsync(session.Enrollment, session.Edition, cancellationToken);
        return new SavedAnswers(Answered(session, attempt), errors, Expired: !saved);
    }

    /// <summary>
    /// Checks answers of a practice set's open attempt (immediate feedback): saved, and graded one by one with
    /// their feedback, explanation and key. Null when the attempt is not the learner's.
    /// </summary>
    public async Task<CheckedAnswers?> CheckAsync(Guid userId, Guid attemptId, SaveAnswersRequest request, CancellationToken cancellationToken)
    {
        if (await sessions.OpenAttemptAsync(userId, attemptId, forChange: false, cancellationToken) is not { } session)
        {
            return null;
        }

        var attempt = Find(session, attemptId);
        var spec = session.Quiz.SpecFor(attempt);
        var (answers, errors) = AnswerReading.Read(request, attempt.QuestionsOf(spec));
        if (errors.Count > 0)
        {
            return new CheckedAnswers([], errors);
        }

        var results = session.Enrollment.CheckPracticeAnswers(attempt, answers, session.Quiz, session.Actor);
        await sessions.Progress.SaveAsync(session.Enrollment, session.Edition, cancellationToken);
        var questions = spec.Questions.ToDictionary(question => question.Key);
        return new CheckedAnswers([.. results.Select(result => QuizViews.Checked(questions[result.Key], result))], errors);
    }

    public async Task<AttemptView?> SubmitAsync(Guid userId, Guid attemptId, CancellationToken cancellationToken)
    {
        if (await sessions.TakeKeptAsync(userId, attemptId, cancellationToken) is { } kept
            && await SubmitOnKeptAsync(kept, cancellationToken) is { } submitted)
        {
            return submitted;
        }

        if (await sessions.OpenAttemptAsync(userId, attemptId, forChange: true, cancellationToken) is not { } session)
        {
            return null;
        }

        var attempt = Find(session, attemptId);
        if (!attempt.IsOpen)
        {
            await sessions.EnsureCurrentAsync(session, cancellationToken);
            return session.View(attempt);
        }

        session.Enrollment.SubmitQuizAttempt(attempt, session.Quiz, session.Actor);
        await sessions.Progress.SaveAsync(session.Enrollment, session.Edition, cancellationToken);
        return Answered(session, attempt);
    }

    /// <summary>
    /// An autosave on the session the learner's last quiz request kept here, written in one statement (ADR 34);
    /// null when that cannot be: the attempt is closed, its time or another's is over (a closing is logged and
    /// may grade, so it goes through the unit of work), or the enrolment changed since it was kept. Then the
    /// caller opens the session as usual; a session this changed is dropped, one it did not change is put back.
    /// </summary>
    private async Task<SavedAnswers?> SaveAnswersOnKeptAsync(KeptSession kept, SaveAnswersRequest request, CancellationToken cancellationToken)
    {
        var (session, attempt) = (kept.Session, kept.Attempt);
        if (!attempt.IsOpen)
        {
            sessions.PutBack(kept);
            return null;
        }

        var (answers, errors) = AnswerReading.Read(request, attempt.QuestionsOf(session.Quiz.SpecFor(attempt)));
        if (errors.Count > 0)
        {
            sessions.PutBack(kept);
            return new SavedAnswers(null, errors, Expired: false);
        }

        var enrollment = session.Enrollment;
        var transitions = enrollment.Transitions.Count;
        if (enrollment.CloseOverdueAttempts(session.Quiz, session.Actor)
            || !enrollment.SaveQuizAnswers(attempt, answers, session.Quiz, session.Actor)
            || enrollment.Transitions.Count != transitions
            || await sessions.SaveAnswersAsync(kept, cancellationToken) is not { } version)
        {
            return null;
        }

        var view = session.View(attempt);
        sessions.Keep(kept, version);
        return new SavedAnswers(view, errors, Expired: false);
    }

    /// <summary>
    /// A submit on the session the learner's last quiz request kept here, saved without attaching its graph (ADR 42);
    /// null when that cannot be: the attempt is closed, the graph lacks what the milestones' listeners read (put
    /// back), an attempt's time is over (a closing, dropped), or the submit completed the course (dropped). Then
    /// the caller opens the session as usual, on a fresh load when this one was dropped.
    /// </summary>
    private async Task<AttemptView?> SubmitOnKeptAsync(KeptSession kept, CancellationToken cancellationToken)
    {
        var (session, attempt) = (kept.Session, kept.Attempt);
        if (!attempt.IsOpen || !QuizSessions.HoldsWhatASubmitReads(kept))
        {
            sessions.PutBack(kept);
            return null;
        }

        var enrollment = session.Enrollment;
        var state = enrollment.State;
        if (enrollment.CloseOverdueAttempts(session.Quiz, session.Actor))
        {
            return null;
        }

        enrollment.SubmitQuizAttempt(attempt, session.Quiz, session.Actor);
        if (enrollment.State != state)
        {
            return null;
        }

        var rows = await sessions.SaveSubmitAsync(kept, cancellationToken);
        var view = session.View(attempt);
        sessions.Keep(session, kept.Taken, rows);
        return view;
    }

    /// <summary>
    /// A start on the session the learner's last quiz request kept here, written without attaching its graph
    /// (ADR 36); null when the start changed more than the enrolment's activity and a new attempt (a repeated
    /// click, a first start that begins the quiz's item, a week that opens): the session is dropped, and the
    /// caller starts on a fresh load.
    /// </summary>
    private async Task<StartedAttempt?> StartOnKeptAsync(KeptStart kept, string? requestKey, CancellationToken cancellationToken)
    {
        var (session, enrollment) = (kept.Session, kept.Session.Enrollment);
        var quizKey = session.Quiz.Spec.Key;
        var (attempts, lessons, transitions) = (enrollment.AttemptsAt(quizKey).Count, enrollment.Lessons.Count, enrollment.Transitions.Count);
        var attempt = await StartAttemptAsync(session, requestKey, cancellationToken);
        if (enrollment.AttemptsAt(quizKey).Count != attempts + 1
            || enrollment.Lessons.Count != lessons
            || enrollment.Transitions.Count != transitions
            || enrollment.Milestones.Count > 0)
        {
            return null;
        }

        var rows = await sessions.SaveStartAsync(kept, attempt, cancellationToken);
        var view = session.View(attempt);
        sessions.Started(session, attempt);
        sessions.Keep(session, kept.Taken, rows);
        return new StartedAttempt(view, Created: true);
    }

    /// <summary>
    /// The domain's start on the session. A refusal writes nothing, so when the session was kept it stands only
    /// once the session is known to be current (an attempt granted on another instance); else the request runs
    /// again on a load.
    /// </summary>
    private async Task<QuizAttempt> StartAttemptAsync(QuizSession session, string? requestKey, CancellationToken cancellationToken)
    {
        try
        {
            return session.Enrollment.StartQuizAttempt(session.Quiz, session.Edition.VersionId, RandomNumberGenerator.GetInt32(int.MaxValue), requestKey, session.Actor);
        }
        catch (DomainException)
        {
            await sessions.EnsureCurrentAsync(session, cancellationToken);
            throw;
        }
    }

    /// <summary>
    /// The answer about a saved attempt, made before the session is kept: once kept, another request of the
    /// learner may take it and change the graph while this one would still read it.
    /// </summary>
    private AttemptView Answered(QuizSession session, QuizAttempt attempt)
    {
        var view = session.View(attempt);
        sessions.Keep(session);
        return view;
    }

    private static QuizAttempt Find(QuizSession session, Guid attemptId) => session.Enrollment.Attempts.First(attempt => attempt.Id == attemptId);

    private static QuizAttemptsResponse Summary(QuizSession session)
    {
        var (enrollment, quiz) = (session.Enrollment, session.Quiz);
        var next = enrollment.NextAttempt(quiz, session.Actor.Now);
        var grade = enrollment.QuizGradeFor(quiz.Spec.Key);
        return new QuizAttemptsResponse(
            quiz.Spec.Key,
            CatalogMapping.Local(quiz.Spec.Title),
            next.Allowed,
            next.Used,
            next.CanStart,
            next.AvailableAt,
            quiz.Spec.Policy.TimeLimitMinutes,
            quiz.Spec.Policy.GradingMethod,
            quiz.Spec.Policy.ShowAnswers,
            quiz.Spec.Policy.PassMark,
            grade?.Grade ?? 0m,
            grade?.Best ?? 0m,
            grade?.Passed ?? false,
            [.. enrollment.AttemptsAt(quiz.Spec.Key).Select(session.View)]);
    }
}
