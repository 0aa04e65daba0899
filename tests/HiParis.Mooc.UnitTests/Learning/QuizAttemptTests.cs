using HiParis.Mooc.Domain;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using static HiParis.Mooc.UnitTests.Learning.QuizBuilder;

namespace HiParis.Mooc.UnitTests.Learning;

public sealed class QuizAttemptTests
{
    private static readonly DateTimeOffset Start = new(2027, 1, 11, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Learner = Guid.NewGuid();
    private static readonly Guid Version = Guid.NewGuid();

    private static readonly GradingPolicy Grading = new(0.6m, [new QuizWeight("quiz", 0.75m), new QuizWeight("other", 0.25m)]);

    private static Enrollment NewEnrollment() => TestCourse.Enroll(Learner, Course(Quiz()), Start);

    /// <summary>One week: a reading, then the quiz.</summary>
    private static CoursePackage Course(QuizSpec quiz) => TestCourse.Package(Grading, TestCourse.Module("week-1", TestCourse.Reading("reading"), quiz));

    private static QuizContext Context(QuizSpec quiz, QuizAllowance? allowance = null) =>
        new(quiz, CourseSchedule.For(Course(quiz), TestCourse.Run, Start, 0), allowance ?? QuizAllowance.None, new Dictionary<Guid, QuizSpec>());

    private static Actor At(double minutes) => new(Learner, Start.AddMinutes(minutes));

    private static QuizAttempt Take(Enrollment enrollment, QuizContext quiz, double minute, params (string Key, QuizAnswer Answer)[] answers)
    {
        var attempt = enrollment.StartQuizAttempt(quiz, Version, 1, null, At(minute));
        enrollment.SaveQuizAnswers(attempt, answers.ToDictionary(a => a.Key, a => a.Answer), quiz, At(minute + 1));
        enrollment.SubmitQuizAttempt(attempt, quiz, At(minute + 2));
        return attempt;
    }

    private static readonly (string, QuizAnswer) RightSingle = ("single", new QuizAnswer(Options: ["b"]));
    private static readonly (string, QuizAnswer) RightTrueFalse = ("truefalse", new QuizAnswer(Boolean: true));
    private static readonly (string, QuizAnswer) RightNumeric = ("numeric", new QuizAnswer(Number: 7));
    private static readonly (string, QuizAnswer) RightShort = ("short", new QuizAnswer(Text: "turing"));
    private static readonly (string, QuizAnswer) RightMultiple = ("multiple", new QuizAnswer(Options: ["a", "b", "d"]));

    [Fact]
    public void Submit_GradesTheSavedAnswers_AndRecomputesTheQuizAndCourseGrades()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz());

        var attempt = Take(enrollment, quiz, 0, RightSingle, RightTrueFalse, RightNumeric, RightShort);

        Assert.Equal(QuizAttemptState.Submitted, attempt.State);
        Assert.Equal(4m, attempt.Score);
        Assert.Equal(0.8m, attempt.Grade);
        Assert.Equal(0.8m, enrollment.QuizGradeFor("quiz")!.Grade);
        Assert.Equal(0.6m, enrollment.Grade);
        Assert.Equal(LessonState.Completed, enrollment.LessonFor("quiz")!.State);
    }

    [Fact]
    public void Submit_Twice_GradesOnce()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz());
        var attempt = Take(enrollment, quiz, 0, RightSingle);
        var submittedAt = attempt.SubmittedAt;
        var logged = enrollment.Transitions.Count;

        enrollment.SubmitQuizAttempt(attempt, quiz, At(30));

        Assert.Equal(submittedAt, attempt.SubmittedAt);
        Assert.Equal(logged, enrollment.Transitions.Count);
        Assert.Equal(1, enrollment.QuizGradeFor("quiz")!.GradedAttempts);
    }

    [Fact]
    public void SaveAnswers_AfterSubmitting_IsRefused()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz());
        var attempt = Take(enrollment, quiz, 0, RightSingle);

        var refused = Assert.Throws<InvalidTransitionException>(() => enrollment.SaveQuizAnswers(attempt, new Dictionary<string, QuizAnswer> { ["single"] = new(Options: ["a"]) }, quiz, At(10)));

        Assert.Equal("attempt.invalid-transition", refused.Code);
        Assert.Equal(["b"], attempt.Answers["single"].Options);
    }

    [Fact]
    public void SaveAnswers_MergesByQuestion_AndAnEmptyAnswerClearsIt()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz());
        var attempt = enrollment.StartQuizAttempt(quiz, Version, 1, null, At(0));

        enrollment.SaveQuizAnswers(attempt, new Dictionary<string, QuizAnswer> { ["single"] = new(Options: ["a"]), ["numeric"] = new(Number: 3) }, quiz, At(1));
        enrollment.SaveQuizAnswers(attempt, new Dictionary<string, QuizAnswer> { ["single"] = new(Options: ["b"]), ["numeric"] = new() }, quiz, At(2));

        Assert.Equal(["single"], attempt.Answers.Keys);
        Assert.Equal(["b"], attempt.Answers["single"].Options);
    }

    [Fact]
    public void Start_BeyondMaxAttempts_IsRefused()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz(maxAttempts: 2));
        Take(enrollment, quiz, 0);
        Take(enrollment, quiz, 10);

        var refused = Assert.Throws<NoAttemptsLeftException>(() => enrollment.StartQuizAttempt(quiz, Version, 1, null, At(20)));

        Assert.Equal("quiz.no-attempts-left", refused.Code);
        Assert.Equal(2, enrollment.AttemptsAt("quiz").Count);
    }

    [Fact]
    public void Start_WithExtraAttempts_AllowsThem()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz(maxAttempts: 1), new QuizAllowance(2, 0));

        Take(enrollment, quiz, 0);
        Take(enrollment, quiz, 10);
        Take(enrollment, quiz, 20);

        Assert.Throws<NoAttemptsLeftException>(() => enrollment.StartQuizAttempt(quiz, Version, 1, null, At(30)));
        Assert.Equal([1, 2, 3], enrollment.AttemptsAt("quiz").Select(a => a.Number));
    }

    [Fact]
    public void Start_WhileAnAttemptIsOpen_SubmitsItAsItIs()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz());
        var first = enrollment.StartQuizAttempt(quiz, Version, 1, null, At(0));
        enrollment.SaveQuizAnswers(first, new Dictionary<string, QuizAnswer> { ["single"] = new(Options: ["b"]) }, quiz, At(1));

        var second = enrollment.StartQuizAttempt(quiz, Version, 2, null, At(2));

        Assert.Equal(QuizAttemptState.AutoSubmitted, first.State);
        Assert.Equal(0.2m, first.Grade);
        Assert.Equal(QuizAttemptState.InProgress, second.State);
        Assert.Equal(2, second.Number);
    }

    [Fact]
    public void Start_WithTheSameRequestKey_ReturnsTheSameAttempt()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz());

        var first = enrollment.StartQuizAttempt(quiz, Version, 1, "click-1", At(0));
        var again = enrollment.StartQuizAttempt(quiz, Version, 2, "click-1", At(0.1));

        Assert.Same(first, again);
        Assert.Equal(QuizAttemptState.InProgress, first.State);
        Assert.Single(enrollment.AttemptsAt("quiz"));
    }

    [Fact]
    public void Start_BeforeTheDelayBetweenAttempts_IsRefusedWithTheTimeItOpens()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz(delayMinutes: 60));
        Take(enrollment, quiz, 0);

        var refused = Assert.Throws<QuizAttemptTooSoonException>(() => enrollment.StartQuizAttempt(quiz, Version, 1, null, At(30)));
        var later = enrollment.StartQuizAttempt(quiz, Version, 1, null, At(62));

        Assert.Equal(Start.AddMinutes(62), refused.AvailableAt);
        Assert.Equal(2, later.Number);
    }

    [Fact]
    public void Start_WithADelay_WhileAnAttemptIsOpen_IsRefused()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz(delayMinutes: 60));
        var open = enrollment.StartQuizAttempt(quiz, Version, 1, null, At(0));

        var refused = Assert.Throws<DomainException>(() => enrollment.StartQuizAttempt(quiz, Version, 1, null, At(5)));

        Assert.Equal("quiz.attempt-in-progress", refused.Code);
        Assert.True(open.IsOpen);
    }

    [Fact]
    public void TimeLimit_PastTheDeadline_TheAttemptIsAutoSubmittedWithItsSavedAnswers()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz(timeLimitMinutes: 30));
        var attempt = enrollment.StartQuizAttempt(quiz, Version, 1, null, At(0));
        enrollment.SaveQuizAnswers(attempt, new Dictionary<string, QuizAnswer> { ["single"] = new(Options: ["b"]) }, quiz, At(29));

        var saved = enrollment.SaveQuizAnswers(attempt, new Dictionary<string, QuizAnswer> { ["truefalse"] = new(Boolean: true) }, quiz, At(31));

        Assert.False(saved);
        Assert.Equal(QuizAttemptState.AutoSubmitted, attempt.State);
        Assert.Equal(Start.AddMinutes(30), attempt.SubmittedAt);
        Assert.Equal(1m, attempt.Score);
        Assert.Equal(0.2m, enrollment.QuizGradeFor("quiz")!.Grade);
    }

    [Fact]
    public void TimeLimit_WithExtraTime_MovesTheDeadline()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz(timeLimitMinutes: 30), new QuizAllowance(0, 50));

        var attempt = enrollment.StartQuizAttempt(quiz, Version, 1, null, At(0));

        Assert.Equal(Start.AddMinutes(45), attempt.Deadline);
        Assert.False(enrollment.CloseOverdueAttempts(quiz, At(44)));
        Assert.True(enrollment.CloseOverdueAttempts(quiz, At(46)));
    }

    [Fact]
    public void TimeLimit_OfAWeekWithTripleExtraTime_GivesADeadlineFourWeeksAhead()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz(timeLimitMinutes: 7 * 24 * 60), new QuizAllowance(0, 300));

        var attempt = enrollment.StartQuizAttempt(quiz, Version, 1, null, At(0));

        Assert.Equal(Start.AddDays(28), attempt.Deadline);
    }

    [Theory]
    [InlineData(GradingMethod.Highest, 0.8)]
    [InlineData(GradingMethod.Last, 0.4)]
    [InlineData(GradingMethod.First, 0.6)]
    [InlineData(GradingMethod.Average, 0.6)]
    public void QuizGrade_FollowsTheGradingMethodAcrossAttempts(GradingMethod method, double expected)
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz(method: method));

        Take(enrollment, quiz, 0, RightSingle, RightTrueFalse, RightNumeric);
        Take(enrollment, quiz, 10, RightSingle, RightTrueFalse, RightNumeric, RightShort);
        Take(enrollment, quiz, 20, RightSingle, RightTrueFalse);

        Assert.Equal((decimal)expected, enrollment.QuizGradeFor("quiz")!.Grade);
        Assert.Equal(0.8m, enrollment.QuizGradeFor("quiz")!.Best);
    }

    [Fact]
    public void QuizItem_StaysOpenWhileFailedWithAttemptsLeft_AndCompletesWhenTheyAreUsed()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz(maxAttempts: 2));

        Take(enrollment, quiz, 0, RightSingle);
        var afterFirst = enrollment.LessonFor("quiz")!.State;
        Take(enrollment, quiz, 10, RightSingle);

        Assert.Equal(LessonState.InProgress, afterFirst);
        Assert.Equal(LessonState.Completed, enrollment.LessonFor("quiz")!.State);
        Assert.False(enrollment.QuizGradeFor("quiz")!.Passed);
    }

    [Fact]
    public void Module_CompletesWhenItsReadingAndQuizAreDone()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz());
        enrollment.CompleteReading(quiz.Schedule, "reading", At(0));
        var before = enrollment.ModuleFor("week-1").State;

        Take(enrollment, quiz, 1, RightSingle, RightTrueFalse, RightNumeric, RightShort, RightMultiple);

        Assert.Equal(ModuleState.InProgress, before);
        Assert.Equal(ModuleState.Completed, enrollment.ModuleFor("week-1").State);
        Assert.Equal(EnrollmentState.Completed, enrollment.State);
    }

    [Fact]
    public void Transitions_OfAnAttempt_AreLogged_ButAutosavesAreNot()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz());

        Take(enrollment, quiz, 0, RightSingle);

        var attemptLog = enrollment.Transitions.Where(t => t.Lifecycle == "attempt").Select(t => $"{t.SubjectKey} {t.FromState}->{t.ToState} {t.Trigger}");
        Assert.Equal(["quiz#1 InProgress->Submitted Submit"], attemptLog);
    }

    [Fact]
    public void Eligibility_ExplainsEachRule()
    {
        var enrollment = NewEnrollment();
        var quiz = Context(Quiz());
        Take(enrollment, quiz, 0, RightSingle, RightTrueFalse, RightNumeric);
        var course = CourseWith(quiz.Spec, new CertificateRule(0.5m, 0.5m, true));

        var eligibility = Eligibility.Evaluate(course, enrollment);

        Assert.False(eligibility.Eligible);
        var grade = Assert.Single(eligibility.Rules, r => r.Rule == "min_grade");
        Assert.False(grade.Met);
        Assert.Equal(0.45m, grade.Actual);
        var lessons = Assert.Single(eligibility.Rules, r => r.Rule == "min_lessons_completed");
        Assert.Equal(1, lessons.Shortfall);
        Assert.Equal(["video-1", "video-2"], lessons.Missing);
        var passed = Assert.Single(eligibility.Rules, r => r.Rule == "quiz_passed" && r.Subject == "quiz");
        Assert.False(passed.Met);
        Assert.Equal(0.6m, passed.Actual);
        Assert.Equal(0.7m, passed.Required);
    }

    private static CoursePackage CourseWith(QuizSpec quiz, CertificateRule rule)
    {
        VideoLessonSpec Video(string key) => new()
        {
            FileStem = key,
            Key = key,
            Title = new() { ["en"] = key },
            Sources = [new VideoSourceSpec("v.mp4", 60)],
            Transcripts = [],
            Notes = [],
        };
        return new CoursePackage
        {
            Slug = "c",
            Title = new() { ["en"] = "c" },
            Summary = new() { ["en"] = "c" },
            Languages = ["en"],
            Effort = new Effort(1, 1),
            Runs = [],
            Grading = Grading,
            Certificate = rule,
            Modules =
            [
                new ModuleSpec { Folder = "01-week", Key = "week-1", Title = new() { ["en"] = "w" }, Summary = new() { ["en"] = "w" }, Items = [Video("video-1"), Video("video-2"), quiz] },
                new ModuleSpec { Folder = "02-week", Key = "week-2", Title = new() { ["en"] = "w" }, Summary = new() { ["en"] = "w" }, Items = [Quiz("other")] },
            ],
        };
    }
}
