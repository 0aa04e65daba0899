using HiParis.Mooc.Domain;
using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.UnitTests.Learning;

public sealed class EnrollmentTests
{
    private static readonly DateTimeOffset Start = new(2027, 1, 11, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Learner = Guid.NewGuid();

    private static readonly IReadOnlyList<ModulePlan> Plan =
    [
        new("week-1", Start, ["video-1", "reading-1"]),
        new("week-2", Start.AddDays(7), ["video-2"]),
    ];

    private static Enrollment NewEnrollment() => Enrollment.Enroll(Learner, Guid.NewGuid(), Guid.NewGuid(), ["week-1", "week-2"], new Actor(Learner, Start));

    private static HeartbeatOutcome Watch(Enrollment enrollment, string module, string video, int duration, DateTimeOffset from)
    {
        HeartbeatOutcome outcome = null!;
        for (var second = 0; second < duration; second += 10)
        {
            outcome = enrollment.RecordHeartbeat(Plan, module, video, second / 10, 1.0, [new Segment(second, Math.Min(second + 10, duration))], duration, 0.9m, new Actor(Learner, from.AddSeconds(second + 10)));
        }

        return outcome;
    }

    [Fact]
    public void RecordHeartbeat_WhenOneHeartbeatClaimsTheWholeVideo_DoesNotCompleteTheLesson()
    {
        var enrollment = NewEnrollment();

        var outcome = enrollment.RecordHeartbeat(Plan, "week-1", "video-1", 1, 1.0, [new Segment(0, 600)], 600, 0.9m, new Actor(Learner, Start.AddMinutes(1)));

        Assert.Equal(LessonState.InProgress, outcome.State);
        Assert.Equal(15, outcome.CreditedSeconds, precision: 6);
    }

    [Fact]
    public void RecordHeartbeat_WhenTheLearnerJumpsToTheEnd_DoesNotCompleteTheLesson()
    {
        var enrollment = NewEnrollment();
        enrollment.RecordHeartbeat(Plan, "week-1", "video-1", 1, 1.0, [new Segment(0, 10)], 600, 0.9m, new Actor(Learner, Start.AddSeconds(10)));

        var outcome = enrollment.RecordHeartbeat(Plan, "week-1", "video-1", 2, 2.0, [new Segment(590, 600)], 600, 0.9m, new Actor(Learner, Start.AddSeconds(15)));

        Assert.Equal(LessonState.InProgress, outcome.State);
        Assert.True(outcome.Coverage < 0.05);
    }

    [Fact]
    public void RecordHeartbeat_WhenHonestHeartbeatsCoverTheVideo_CompletesTheLesson()
    {
        var enrollment = NewEnrollment();

        var outcome = Watch(enrollment, "week-1", "video-1", 600, Start);

        Assert.Equal(LessonState.Completed, outcome.State);
        Assert.Equal(1.0, outcome.Coverage, precision: 6);
    }

    [Fact]
    public void RecordHeartbeat_WhenTheSequenceRepeats_CreditsNothing()
    {
        var enrollment = NewEnrollment();
        enrollment.RecordHeartbeat(Plan, "week-1", "video-1", 7, 1.0, [new Segment(0, 10)], 600, 0.9m, new Actor(Learner, Start.AddSeconds(10)));

        var again = enrollment.RecordHeartbeat(Plan, "week-1", "video-1", 7, 1.0, [new Segment(10, 20)], 600, 0.9m, new Actor(Learner, Start.AddSeconds(20)));

        Assert.Equal(0, again.CreditedSeconds);
        Assert.Equal(10.0 / 600, again.Coverage, precision: 6);
    }

    [Fact]
    public void RecordHeartbeat_WhenAnEarlierSequenceArrivesLate_StillCreditsIt()
    {
        var enrollment = NewEnrollment();
        enrollment.RecordHeartbeat(Plan, "week-1", "video-1", 2, 1.0, [new Segment(10, 20)], 600, 0.9m, new Actor(Learner, Start.AddSeconds(20)));

        var late = enrollment.RecordHeartbeat(Plan, "week-1", "video-1", 1, 1.0, [new Segment(0, 10)], 600, 0.9m, new Actor(Learner, Start.AddSeconds(30)));

        Assert.Equal(10, late.CreditedSeconds, precision: 6);
        Assert.Equal(20.0 / 600, late.Coverage, precision: 6);
    }

    [Fact]
    public void RecordHeartbeat_WhenManyArriveAtTheSameInstant_TheBurstEarnsNoMoreThanOneHeartbeat()
    {
        var enrollment = NewEnrollment();
        var at = new Actor(Learner, Start.AddSeconds(10));

        var total = Enumerable.Range(1, 50).Sum(sequence =>
            enrollment.RecordHeartbeat(Plan, "week-1", "video-1", sequence, 2.0, [new Segment(sequence * 10, (sequence * 10) + 10)], 600, 0.9m, at).CreditedSeconds);

        Assert.Equal(VideoCoverage.InitialAllowanceSeconds + VideoCoverage.ToleranceSeconds, total, precision: 6);
    }

    [Fact]
    public void RecordHeartbeat_OnAModuleNotOpenYet_ThrowsWithTheOpeningTime()
    {
        var enrollment = NewEnrollment();

        var locked = Assert.Throws<ItemLockedException>(() =>
            enrollment.RecordHeartbeat(Plan, "week-2", "video-2", 1, 1.0, [new Segment(0, 10)], 300, 0.9m, new Actor(Learner, Start.AddDays(1))));

        Assert.Equal(Start.AddDays(7), locked.OpensAt);
        Assert.Equal(ModuleState.Locked, enrollment.ModuleFor("week-2").State);
    }

    [Fact]
    public void CompletingEveryItem_RollsModulesAndTheCourseUp_AndTheLogRecordsEveryStep()
    {
        var enrollment = NewEnrollment();

        Watch(enrollment, "week-1", "video-1", 120, Start);
        enrollment.CompleteReading(Plan, "week-1", "reading-1", new Actor(Learner, Start.AddMinutes(5)));
        Watch(enrollment, "week-2", "video-2", 60, Start.AddDays(8));

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
        IReadOnlyList<ModulePlan> plan = [new("week-1", Start, ["video-1", "video-1b"])];
        var at = new Actor(Learner, Start.AddSeconds(10));

        var first = enrollment.RecordHeartbeat(plan, "week-1", "video-1", 1, 2.0, [new Segment(0, 15)], 600, 0.9m, at);
        var second = enrollment.RecordHeartbeat(plan, "week-1", "video-1b", 1, 2.0, [new Segment(0, 15)], 600, 0.9m, at);

        Assert.Equal(15, first.CreditedSeconds + second.CreditedSeconds, precision: 6);
    }

    [Fact]
    public void CompletingTheCourse_WhenANewVersionDroppedAModule_FollowsTheCurrentModules()
    {
        var enrollment = NewEnrollment();
        IReadOnlyList<ModulePlan> withoutWeekTwo = [Plan[0]];

        Watch(enrollment, "week-1", "video-1", 120, Start);
        enrollment.CompleteReading(withoutWeekTwo, "week-1", "reading-1", new Actor(Learner, Start.AddMinutes(5)));

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
            enrollment.RecordHeartbeat(Plan, "week-1", "video-1", ++sequence, 1.0, [.. Enumerable.Range(0, 100).Select(k => new Segment((i * 200) + (2 * k), (i * 200) + (2 * k) + 0.1))], 3600, 0.9m, new Actor(Learner, at));
        }

        var covered = enrollment.LessonFor("video-1")!.CoveredSeconds;
        Assert.Throws<DomainException>(() => enrollment.RecordHeartbeat(Plan, "week-1", "video-1", ++sequence, 1.0, [new Segment(3000, 3000.1), new Segment(3001, 3001.1)], 3600, 0.9m, new Actor(Learner, at.AddSeconds(60))));
        Assert.Equal(covered, enrollment.LessonFor("video-1")!.CoveredSeconds);
    }

    [Fact]
    public void WithdrawThenRejoin_KeepsTheProgress()
    {
        var enrollment = NewEnrollment();
        Watch(enrollment, "week-1", "video-1", 60, Start);

        enrollment.Withdraw(new Actor(Learner, Start.AddDays(1)));
        Assert.Throws<DomainException>(() => enrollment.CompleteReading(Plan, "week-1", "reading-1", new Actor(Learner, Start.AddDays(1))));
        enrollment.Rejoin(new Actor(Learner, Start.AddDays(2)));

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
        Assert.False(enrollment.CanWithdraw);
    }
}
