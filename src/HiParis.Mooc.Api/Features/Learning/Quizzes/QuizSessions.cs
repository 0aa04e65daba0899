using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using Microsoft.EntityFrameworkCore;

namespace HiParis.Mooc.Api.Features.Learning.Quizzes;

/// <summary>
/// Opens quiz sessions: loads what a quiz request changes, the learner's allowance and the quiz as each
/// attempt saw it (an attempt started on an earlier course version is graded on that version), and
/// submits attempts whose time is over before anything else happens. A learner's own change starts from the
/// session their last quiz request on this instance kept, when there is one, whichever quiz it was about: what
/// this quiz adds (its module's progress, its attempts) is loaded when the kept graph does not hold it (ADR 32).
/// </summary>
public sealed class QuizSessions(CourseCatalog catalog, LearnerRecords records, ProgressWork progress, QuizSessionCache kept, TimeProvider time)
{
    public ProgressWork Progress => progress;

    /// <summary>
    /// The learner's session on a quiz of a course, loaded, or why there is none: the course has no such quiz,
    /// or the learner has no current enrolment. <paramref name="enrollmentId"/> names the enrolment an attempt
    /// was made in, for a request about that attempt; <paramref name="actorId"/> is who acts (the learner, or
    /// course staff on their behalf).
    /// </summary>
    public Task<LearningOutcome<QuizSession>> OpenAsync(Guid learnerId, string slug, string quizKey, Guid? enrollmentId, Guid actorId, CancellationToken cancellationToken) =>
        OpenAsync(learnerId, slug, quizKey, enrollmentId, actorId, reuse: false, cancellationToken);

    /// <summary>The learner's own session for a change: the kept one when there is one, else loaded.</summary>
    public Task<LearningOutcome<QuizSession>> OpenForChangeAsync(Guid learnerId, string slug, string quizKey, CancellationToken cancellationToken) =>
        OpenAsync(learnerId, slug, quizKey, null, learnerId, reuse: true, cancellationToken);

    /// <summary>
    /// The session of one of the learner's attempts; null when it is not theirs, or its quiz left the course.
    /// A kept session that does not know the attempt (made on another instance since) is run again on a load.
    /// </summary>
    public async Task<QuizSession?> OpenAttemptAsync(Guid learnerId, Guid attemptId, bool forChange, CancellationToken cancellationToken)
    {
        if (kept.OwnerOf(attemptId, learnerId) is not { } owner)
        {
            if (await records.AttemptOwnerAsync(attemptId, learnerId, cancellationToken) is not { } found)
            {
                return null;
            }

            kept.KnowOwner(attemptId, learnerId, owner = found);
        }

        var opened = await OpenAsync(learnerId, owner.Slug, owner.QuizKey, owner.EnrollmentId, learnerId, forChange, cancellationToken);
        if (opened.Value is not { } session || session.Enrollment.Attempts.Any(attempt => attempt.Id == attemptId))
        {
            return opened.Value;
        }

        return session.KeptVersion is null ? null : throw Stale();
    }

    /// <summary>
    /// The learner's kept session that holds the attempt, taken and left detached: for an autosave written in one
    /// statement (ADR 34). Null when there is none here; a kept session that does not hold the attempt is dropped.
    /// </summary>
    public async Task<KeptSession?> TakeKeptAsync(Guid learnerId, Guid attemptId, CancellationToken cancellationToken)
    {
        if (kept.OwnerOf(attemptId, learnerId) is not { } owner
            || await catalog.EditionAsync(owner.Slug, cancellationToken) is not { } edition
            || edition.Package.Find(owner.QuizKey) is not (_, QuizSpec spec)
            || Take(learnerId, edition) is not { } taken
            || taken.Enrollment.Id != owner.EnrollmentId
            || taken.Rows.RootVersion is null
            || taken.Enrollment.Attempts.FirstOrDefault(attempt => attempt.Id == attemptId) is not { } attempt)
        {
            return null;
        }

        return new KeptSession(await DetachedSessionAsync(learnerId, edition, spec, taken, cancellationToken), attempt, taken);
    }

    /// <summary>
    /// The learner's kept session, taken and left detached, for a start at this quiz that writes only the enrolment's
    /// row and the new attempt (ADR 36). Null when there is none here; a kept session that lacks this quiz's
    /// attempts or its module's progress, or has an attempt open at it (a start then closes or replaces it), is
    /// put back for the usual start.
    /// </summary>
    public async Task<KeptStart?> TakeForStartAsync(Guid learnerId, string slug, string quizKey, CancellationToken cancellationToken)
    {
        if (await catalog.EditionAsync(slug, cancellationToken) is not { } edition
            || edition.Package.Find(quizKey) is not (var module, QuizSpec spec)
            || Take(learnerId, edition) is not { } taken)
        {
            return null;
        }

        if (taken.Rows.RootVersion is null
            || !LearnerRecords.HoldsQuiz(taken.Enrollment, module, quizKey)
            || taken.Enrollment.AttemptsAt(quizKey).Any(attempt => attempt.IsOpen))
        {
            kept.Keep(new QuizSessionKey(learnerId, edition.VersionId), taken);
            return null;
        }

        return new KeptStart(await DetachedSessionAsync(learnerId, edition, spec, taken, cancellationToken), taken);
    }

    /// <summary>
    /// Saves a start made on a kept session whose only changes are the enrolment's activity and the new attempt
    /// (ADR 36); returns the kept rows at their new versions, for <see cref="Keep(QuizSession, KeptQuiz, KeptRows)"/>.
    /// </summary>
    public Task<KeptRows> SaveStartAsync(KeptStart start, QuizAttempt attempt, CancellationToken cancellationToken) =>
        SaveKeptAsync(start.Session, start.Taken.Rows, [attempt], cancellationToken);

    /// <summary>
    /// Saves a submit made on a kept session (ADR 42): the rows a submit writes are the attempt, the quiz's grade,
    /// its item, its module and the enrolment, with the transitions it logged and what its milestones set off;
    /// returns the kept rows at their new versions, for <see cref="Keep(QuizSession, KeptQuiz, KeptRows)"/>.
    /// </summary>
    public Task<KeptRows> SaveSubmitAsync(KeptSession submit, CancellationToken cancellationToken)
    {
        var (enrollment, quiz) = (submit.Session.Enrollment, submit.Session.Quiz);
        object?[] rows = [submit.Attempt, enrollment.QuizGradeFor(quiz.Spec.Key), enrollment.LessonFor(quiz.Spec.Key), enrollment.ModuleFor(quiz.Module.Key)];
        return SaveKeptAsync(submit.Session, submit.Taken.Rows, [.. rows.OfType<object>()], cancellationToken);
    }

    /// <summary>
    /// Whether a submit on this kept session may be saved by <see cref="SaveSubmitAsync"/>: the graph holds what the
    /// milestones' listeners read (every item's progress and the quiz grades), so that nothing is loaded into it.
    /// </summary>
    public static bool HoldsWhatASubmitReads(KeptSession kept) =>
        LearnerRecords.HoldsAllProgress(kept.Session.Enrollment) && kept.Taken.Rows.Loaded.Contains(nameof(Enrollment.QuizGrades));

    /// <summary>
    /// Keeps a kept session again after <see cref="SaveStartAsync"/> or <see cref="SaveSubmitAsync"/> saved its
    /// change, with the rows the save returned.
    /// </summary>
    public void Keep(QuizSession session, KeptQuiz taken, KeptRows rows) => kept.Keep(KeyOf(session), taken with { Rows = rows });

    /// <summary>
    /// Saves a change made on a kept, detached graph without attaching it (ADR 36, 42): the enrolment's row and
    /// <paramref name="rows"/> are tracked alone, each written whole and expected at its kept version, a row the
    /// graph did not hold is added, and so are the transitions the change logged; then the milestones' listeners
    /// run and the unit of work saves. Change detection stays off throughout: a detection would take the untracked
    /// rows the navigations reach for new ones. A lost race fails the save, and the request runs again on a fresh
    /// load. The rows are detached once saved, so that no later change detection in the request meets the graph;
    /// returns the kept rows with those written at their new version and those added.
    /// </summary>
    private async Task<KeptRows> SaveKeptAsync(QuizSession session, KeptRows kept, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        var (db, enrollment) = (progress.Work.Db, session.Enrollment);
        using var _ = db.WithoutDetectingChanges();
        db.AttachKeptRow(enrollment, kept.RootVersion!.Value, kept.Loaded);
        db.Entry(enrollment).State = EntityState.Modified;
        List<object> written = [enrollment];
        List<object> added = [];
        foreach (var row in rows)
        {
            if (kept.VersionOf(row) is { } version)
            {
                db.AttachKeptRow(row, version);
                db.Entry(row).State = EntityState.Modified;
                written.Add(row);
            }
            else
            {
                db.Entry(row).State = EntityState.Added;
                added.Add(row);
            }
        }

        foreach (var transition in enrollment.Transitions)
        {
            db.Entry(transition).State = EntityState.Added;
        }

        await progress.SaveAsync(enrollment, session.Edition, cancellationToken);
        var saved = db.RowVersionOf(enrollment);
        db.ChangeTracker.Clear();
        return added.Aggregate(kept.Written(saved, written), (result, row) => result.Adding(row, saved));
    }

    /// <summary>Puts back a kept session that nothing changed.</summary>
    public void PutBack(KeptSession session) => kept.Keep(KeyOf(session.Session), session.Taken);

    /// <summary>
    /// Writes an autosave made on a kept session in one statement, if the enrolment is still the version kept;
    /// returns the rows' new version, or null when another change came first (nothing was written, and the session
    /// is dropped: the caller runs the autosave again on a load).
    /// </summary>
    public Task<uint?> SaveAnswersAsync(KeptSession session, CancellationToken cancellationToken) =>
        progress.SaveAnswersAsync(session.Session.Enrollment, session.Attempt, session.Taken.Rows.RootVersion!.Value, cancellationToken);

    /// <summary>Keeps a session again after <see cref="SaveAnswersAsync"/> wrote its enrolment and attempt at <paramref name="version"/>.</summary>
    public void Keep(KeptSession session, uint version) =>
        kept.Keep(KeyOf(session.Session), session.Taken with { Rows = session.Taken.Rows.Written(version, session.Session.Enrollment, session.Attempt) });

    /// <summary>
    /// For an answer that writes nothing: checks that a kept session's enrolment has not changed since it was
    /// kept (nothing else checks it then). When it has, the request runs again on a load.
    /// </summary>
    public async Task EnsureCurrentAsync(QuizSession session, CancellationToken cancellationToken)
    {
        if (session.KeptVersion is not { } version)
        {
            return;
        }

        if (await records.CurrentStampAsync(session.Enrollment.UserId, session.Edition.CourseId, cancellationToken) is not { } current
            || current.Id != session.Enrollment.Id || current.RowVersion != version)
        {
            throw Stale();
        }
    }

    /// <summary>Keeps the learner's session for their next quiz request here, once everything it tracks is saved.</summary>
    public void Keep(QuizSession session)
    {
        if (session.Actor.Id == session.Enrollment.UserId && progress.Work.Db.KeptRowsOf(session.Enrollment) is { } rows)
        {
            kept.Keep(KeyOf(session), new KeptQuiz(session.Enrollment, rows, session.Accommodations));
        }
    }

    /// <summary>Remembers whose the attempt the learner just started is, so that its autosaves and submit need not look it up.</summary>
    public void Started(QuizSession session, QuizAttempt attempt) =>
        kept.KnowOwner(attempt.Id, session.Enrollment.UserId, new AttemptOwner(session.Enrollment.Id, attempt.QuizKey, session.Edition.Slug));

    /// <summary>The quiz as the domain needs it for this enrolment.</summary>
    public async Task<QuizContext> ContextAsync(CourseEdition edition, QuizSpec spec, Enrollment enrollment, CancellationToken cancellationToken) =>
        await ContextAsync(edition, spec, enrollment, await records.AccommodationsAsync(enrollment.UserId, edition.CourseId, cancellationToken), cancellationToken);

    private async Task<LearningOutcome<QuizSession>> OpenAsync(Guid learnerId, string slug, string quizKey, Guid? enrollmentId, Guid actorId, bool reuse, CancellationToken cancellationToken)
    {
        if (await catalog.EditionAsync(slug, cancellationToken) is not { } edition
            || edition.Package.Find(quizKey) is not (var module, QuizSpec spec))
        {
            return LearningOutcome.NoSuchItem<QuizSession>();
        }

        var taken = reuse ? Take(learnerId, edition) : null;
        Enrollment enrollment;
        IReadOnlyList<QuizAccommodation> accommodations;
        uint? keptVersion = null;
        if (taken is not null && (enrollmentId is null || taken.Enrollment.Id == enrollmentId))
        {
            progress.Work.Db.AttachKept(taken.Enrollment, taken.Rows);
            (enrollment, accommodations) = (taken.Enrollment, taken.Accommodations);
            keptVersion = taken.Rows.RootVersion;
            await records.AddQuizAsync(enrollment, module, quizKey, cancellationToken);
        }
        else if (await records.ForQuizAsync(learnerId, edition.CourseId, enrollmentId, module, quizKey, cancellationToken) is { } loaded)
        {
            enrollment = loaded;
            accommodations = await records.AccommodationsAsync(enrollment.UserId, edition.CourseId, cancellationToken);
        }
        else
        {
            return LearningOutcome.NotEnrolled<QuizSession>();
        }

        var quiz = await ContextAsync(edition, spec, enrollment, accommodations, cancellationToken);
        var actor = new Actor(actorId, time.GetUtcNow());
        if (enrollment.CloseOverdueAttempts(quiz, actor))
        {
            await progress.SaveAsync(enrollment, edition, cancellationToken);
            keptVersion = null;
        }

        return new QuizSession(edition, enrollment, quiz, actor, accommodations) { KeptVersion = keptVersion };
    }

    private async Task<QuizContext> ContextAsync(CourseEdition edition, QuizSpec spec, Enrollment enrollment, IReadOnlyList<QuizAccommodation> accommodations, CancellationToken cancellationToken)
    {
        Dictionary<Guid, QuizSpec> earlier = [];
        foreach (var versionId in enrollment.AttemptsAt(spec.Key).Select(attempt => attempt.CourseVersionId).Where(id => id != edition.VersionId).Distinct())
        {
            if ((await catalog.VersionAsync(versionId, cancellationToken))?.Quizzes.FirstOrDefault(quiz => quiz.Key == spec.Key) is { } then)
            {
                earlier[versionId] = then;
            }
        }

        return new QuizContext(spec, edition.ScheduleFor(enrollment), QuizAccommodation.For(spec.Key, accommodations), earlier);
    }

    /// <summary>A kept graph's session, for a change written outside the graph: the graph stays detached.</summary>
    private async Task<QuizSession> DetachedSessionAsync(Guid learnerId, CourseEdition edition, QuizSpec spec, KeptQuiz taken, CancellationToken cancellationToken) =>
        new(edition, taken.Enrollment, await ContextAsync(edition, spec, taken.Enrollment, taken.Accommodations, cancellationToken), new Actor(learnerId, time.GetUtcNow()), taken.Accommodations)
        {
            KeptVersion = taken.Rows.RootVersion,
        };

    private static QuizSessionKey KeyOf(QuizSession session) => new(session.Enrollment.UserId, session.Edition.VersionId);

    /// <summary>
    /// The learner's kept session, taken: its enrolment no longer carries the transitions that earlier requests
    /// recorded and saved (the unit of work that tracked them is over), or each request would attach them all again.
    /// </summary>
    private KeptQuiz? Take(Guid learnerId, CourseEdition edition)
    {
        var taken = kept.Take(new QuizSessionKey(learnerId, edition.VersionId));
        taken?.Enrollment.ForgetRecordedTransitions();
        return taken;
    }

    // A lost race, as when a save finds the row changed: the unit of work runs again from a clean slate (ADR 12).
    private static DbUpdateConcurrencyException Stale() => new("The kept quiz session's enrolment changed since it was kept.");
}
