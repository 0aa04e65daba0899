using HiParis.Mooc.Domain;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using static HiParis.Mooc.UnitTests.Learning.TestCourse;

namespace HiParis.Mooc.UnitTests.Learning;

public sealed class EnrollmentTests
{
    private static readonly DateTimeOffset Start = new(2027, 1, 11, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Learner = Guid.NewGuid();

    /// <summary>Week 1: a video and a reading; week 2, a week later: a video. Videos last <paramref name="duration"/> seconds.</summary>
    private static CoursePackage Course(int duration = 600) =>
        Package(null, Module("week-1", Video("video-1", duration), Reading("reading-1")), Module("week-2", Video("video-2", duration)));

    private static Enrollment NewEnrollment() => Enroll(Learner, Course(), Start);

    private static CourseSchedule Plan(Enrollment enrollment, int duration = 600) => Schedule(Course(duration), enrollment);

    private static HeartbeatOutcome Beat(Enrollment enrollment, string video, long sequence, double rate, Segment[] segments, int duration, Actor actor) =>
        enrollment.RecordHeartbeat(Plan(enrollment, duration), video, new Heartbeat(sequence, rate, segments), actor);

    private static HeartbeatOutcome Watch(Enrollment enrollment, string video, int duration, DateTimeOffset from)
    {
        HeartbeatOutcome outcome = null!;
        for (var second = 0; second < duration; second += 10)
        {
            outcome = Beat(enrollment, video, second / 10, 1.0, [new Segment(second, Math.Min(second + 10, duration))], duration, new Actor(Learner, from.AddSeconds(second + 10)));
        }

        return outcome;
    }

    [Fact]
    public void RecordHeartbeat_WhenOneHeartbeatClaimsTheWholeVideo_DoesNotCompleteTheLesson()
    {
        var enrollment = NewEnrollment();

        var outcome = Beat(enrollment, "video-1", 1, 1.0, [new Segment(0, 600)], 600, new Actor(Learner, Start.AddMinutes(1)));

        Assert.Equal(LessonState.InProgress, outcome.State);
        Assert.Equal(15, outcome.CreditedSeconds, precision: 6);
    }

    [Fact]
    public void RecordHeartbeat_WhenTheLearnerJumpsToTheEnd_DoesNotCompleteTheLesson()
    {
        var enrollment = NewEnrollment();
        Beat(enrollment, "video-1", 1, 1.0, [new Segment(0, 10)], 600, new Actor(Learner, Start.AddSeconds(10)));

        var outcome = Beat(enrollment, "video-1", 2, 2.0, [new Segment(590, 600)], 600, new Actor(Learner, Start.AddSeconds(15)));

        Assert.Equal(LessonState.InProgress, outcome.State);
        Assert.True(outcome.Coverage < 0.05);
    }

    [Fact]
    public void RecordHeartbeat_WhenHonestHeartbeatsCoverTheVideo_CompletesTheLesson()
    {
        var enrollment = NewEnrollment();

        var outcome = Watch(enrollment, "video-1", 600, Start);

        Assert.Equal(LessonState.Completed, outcome.State);
        Assert.Equal(1.0, outcome.Coverage, precision: 6);
    }

    [Fact]
    public void RecordHeartbeat_WhenTheSequenceRepeats_CreditsNothing()
    {
        var enrollment = NewEnrollment();
        Beat(enrollment, "video-1", 7, 1.0, [new Segment(0, 10)], 600, new Actor(Learner, Start.AddSeconds(10)));

        var again = Beat(enrollment, "video-1", 7, 1.0, [new Segment(10, 20)], 600, new Actor(Learner, Start.AddSeconds(20)));

        Assert.Equal(0, again.CreditedSeconds);
        Assert.Equal(10.0 / 600, again.Coverage, precision: 6);
    }

    [Fact]
    public void RecordHeartbeat_WhenAnEarlierSequenceArrivesLate_StillCreditsIt()
    {
        var enrollment = NewEnrollment();
        Beat(enrollment, "video-1", 2, 1.0, [new Segment(10, 20)], 600, new Actor(Learner, Start.AddSeconds(20)));

        var late = Beat(enrollment, "video-1", 1, 1.0, [new Segment(0, 10)], 600, new Actor(Learner, Start.AddSeconds(30)));

        Assert.Equal(10, late.CreditedSeconds, precision: 6);
        Assert.Equal(20.0 / 600, late.Coverage, precision: 6);
    }

    [Fact]
    public void RecordHeartbeat_WhenManyArriveAtTheSameInstant_TheBurstEarnsNoMoreThanOneHeartbeat()
    {
        var enrollment = NewEnrollment();
        var at = new Actor(Learner, Start.AddSeconds(10));

        var total = Enumerable.Range(1, 50).Sum(sequence =>
            Beat(enrollment, "video-1", sequence, 2.0, [new Segment(sequence * 10, (sequence * 10) + 10)], 600, at).CreditedSeconds);

        Assert.Equal(VideoCoverage.InitialAllowanceSeconds + VideoCoverage.ToleranceSeconds, total, precision: 6);
    }

    [Fact]
    public void RecordHeartbeat_OnAModuleNotOpenYet_ThrowsWithTheOpeningTime()
    {
        var enrollment = NewEnrollment();

        var locked = Assert.Throws<ItemLockedException>(() =>
            Beat(enrollment, "video-2", 1, 1.0, [new Segment(0, 10)], 300, new Actor(Learner, Start.AddDays(1))));

        Assert.Equal(Start.AddDays(7), locked.OpensAt);
        Assert.Equal(ModuleState.Locked, enrollment.ModuleFor("week-2").State);
    }

    [Fact]
    public void CompletingEveryItem_RollsModulesAndTheCourseUp_AndTheLogRecordsEveryStep()
    {
        var enrollment = NewEnrollment();

        Watch(enrollment, "video-1", 120, Start);
        enrollment.CompleteReading(Plan(enrollment), "reading-1", new Actor(Learner, Start.AddMinutes(5)));
        Watch(enrollment, "video-2", 60, Start.AddDays(8));

        Assert.Equal(ModuleState.Completed, enrollment.ModuleFor("week-1").State);
        Assert.Equal(ModuleState.Completed, enrollment.ModuleFor("week-2").State);
        Assert.Equal(EnrollmentState.Completed, enrollment.State);
        Assert.Equal(
            [
                "enrollment::None>Enrolled", "module:week-1:Locked>Available", "enrollment::Enrolled>InProgress", "module:week-1:Available>InProgress",
                "lesson:video-1:NotStarted>InProgress", "lesson:video-1:InProgress>Completed", "lesson:reading-1:NotStarted>InProgress",
                "lesson:reading-1:InProgress>Completed", "module:week-1:InProgress>Completed", "module:week-2:Locked>Available",
                "module:week-2:Available>InProgress", "lesson:video-2:NotStarted>InProgress", "lesson:video-2:InProgress>Completed",
                "module:week-2:InProgress>Completed", "enrollment::InProgress>Completed",
            ],
            enrollment.Transitions.Select(t => $"{t.Lifecycle}:{t.SubjectKey}:{t.FromState}>{t.ToState}"));
        Assert.All(enrollment.Transitions, transition => Assert.Equal(Learner, transition.ActorId));
    }

    [Fact]
    public void RecordHeartbeat_WhenSeveralVideosPlayAtOnce_TheyShareOneAllowance()
    {
        var enrollment = NewEnrollment();
        var plan = Schedule(Package(null, Module("week-1", Video("video-1", 600), Video("video-1b", 600))), enrollment);
        var at = new Actor(Learner, Start.AddSeconds(10));

        var first = enrollment.RecordHeartbeat(plan, "video-1", new Heartbeat(1, 2.0, [new Segment(0, 15)]), at);
        var second = enrollment.RecordHeartbeat(plan, "video-1b", new Heartbeat(1, 2.0, [new Segment(0, 15)]), at);

        Assert.Equal(15, first.CreditedSeconds + second.CreditedSeconds, precision: 6);
    }

    [Fact]
    public void CompletingTheCourse_WhenANewVersionDroppedAModule_FollowsTheCurrentModules()
    {
        var enrollment = NewEnrollment();
        var withoutWeekTwo = Schedule(Package(null, Module("week-1", Video("video-1", 120), Reading("reading-1"))), enrollment);

        Watch(enrollment, "video-1", 120, Start);
        enrollment.CompleteReading(withoutWeekTwo, "reading-1", new Actor(Learner, Start.AddMinutes(5)));

        Assert.Equal(EnrollmentState.Completed, enrollment.State);
        Assert.Equal(ModuleState.Locked, enrollment.ModuleFor("week-2").State);
    }

    [Fact]
    public void RecordHeartbeat_WhenSegmentsWouldFragmentPastTheBound_IsRefusedAndChangesNothing()
    {
        var enrollment = NewEnrollment();
        var sequence = 0;
        var at = Start;
        for (var i = 0; i < LessonProgress.MaxStoredSegments / 100; i++)
        {
            at = at.AddSeconds(60);
            Beat(enrollment, "video-1", ++sequence, 1.0, [.. Enumerable.Range(0, 100).Select(k => new Segment((i * 200) + (2 * k), (i * 200) + (2 * k) + 0.1))], 3600, new Actor(Learner, at));
        }

        var covered = enrollment.LessonFor("video-1")!.CoveredSeconds;
        Assert.Throws<DomainException>(() => Beat(enrollment, "video-1", ++sequence, 1.0, [new Segment(3000, 3000.1), new Segment(3001, 3001.1)], 3600, new Actor(Learner, at.AddSeconds(60))));
        Assert.Equal(covered, enrollment.LessonFor("video-1")!.CoveredSeconds);
    }

    [Fact]
    public void WithdrawThenRejoin_KeepsTheProgress()
    {
        var enrollment = NewEnrollment();
        Watch(enrollment, "video-1", 60, Start);

        enrollment.Withdraw(new Actor(Learner, Start.AddDays(1)));
        Assert.Throws<DomainException>(() => enrollment.CompleteReading(Plan(enrollment), "reading-1", new Actor(Learner, Start.AddDays(1))));
        enrollment.Join(enrollment.RunId, Run, new Actor(Learner, Start.AddDays(2)));

        Assert.Equal(EnrollmentState.InProgress, enrollment.State);
        Assert.Equal(LessonState.Completed, enrollment.LessonFor("video-1")!.State);
    }

    [Fact]
    public void Withdraw_Twice_ThrowsAnInvalidTransition()
    {
        var enrollment = NewEnrollment();
        enrollment.Withdraw(new Actor(Learner, Start));

        var error = Assert.Throws<InvalidTransitionException>(() => enrollment.Withdraw(new Actor(Learner, Start)));

        Assert.Equal("enrollment.invalid-transition", error.Code);
        Assert.Equal("Cannot 'Withdraw' an enrollment that is Withdrawn.", error.Message);
        Assert.False(enrollment.CanWithdraw);
    }
}
