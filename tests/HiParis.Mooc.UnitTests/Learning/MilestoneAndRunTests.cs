using HiParis.Mooc.Domain;
using HiParis.Mooc.Domain.Certificates;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.Domain.Learning;
using static HiParis.Mooc.UnitTests.Learning.TestCourse;

namespace HiParis.Mooc.UnitTests.Learning;

/// <summary>What the enrolment reports as it moves (typed milestones), the rules it owns, and moving between runs.</summary>
public sealed class MilestoneAndRunTests
{
    private static readonly DateTimeOffset Start = new(2027, 1, 11, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Learner = Guid.NewGuid();
    private static readonly CoursePackage Course = Package(null, Module("week-1", Reading("reading-1"), Reading("reading-2")), Module("week-2", Reading("reading-3")));

    private static CourseRunSpec OtherRun(DateTimeOffset opens, DateTimeOffset? closes = null) => Run with { Key = "winter", EnrollmentOpens = opens, EnrollmentCloses = closes, Starts = opens };

    [Fact]
    public void CompleteReading_WhenItCompletesTheModuleAndTheCourse_ReportsEachMilestoneInOrder()
    {
        var course = Package(null, Module("week-1", Reading("reading-1")));
        var enrollment = Enroll(Learner, course, Start);

        enrollment.CompleteReading(Schedule(course, enrollment), "reading-1", new Actor(Learner, Start));

        Assert.Equal([new ItemCompleted("reading-1"), new ModuleCompleted("week-1"), new CourseCompleted()], enrollment.Milestones);
        enrollment.ClearMilestones();
        Assert.Empty(enrollment.Milestones);
    }

    [Fact]
    public void CompleteReading_OfAReadingAlreadyRead_ReportsNothing()
    {
        var enrollment = Enroll(Learner, Course, Start);
        enrollment.CompleteReading(Schedule(Course, enrollment), "reading-1", new Actor(Learner, Start));
        enrollment.ClearMilestones();

        enrollment.CompleteReading(Schedule(Course, enrollment), "reading-1", new Actor(Learner, Start.AddMinutes(1)));

        Assert.Empty(enrollment.Milestones);
    }

    [Fact]
    public void CompleteReading_OfAVideo_IsRefusedByTheDomain()
    {
        var course = Package(null, Module("week-1", Video("video-1", 60)));
        var enrollment = Enroll(Learner, course, Start);

        var refused = Assert.Throws<DomainException>(() => enrollment.CompleteReading(Schedule(course, enrollment), "video-1", new Actor(Learner, Start)));

        Assert.Equal("progress.not-a-reading", refused.Code);
    }

    [Fact]
    public void Enroll_OutsideTheRunsWindow_IsRefusedWithTheWindow()
    {
        var closed = OtherRun(Start.AddDays(-30), Start.AddDays(-1));

        var refused = Assert.Throws<EnrollmentClosedException>(() => Enrollment.Enroll(Learner, Guid.NewGuid(), Guid.NewGuid(), closed, Course, new Actor(Learner, Start)));

        Assert.Equal("enrollment.window-closed", refused.Code);
    }

    [Fact]
    public void Join_AnotherRun_MovesTheEnrolmentWithItsProgress_AndOpenWeeksStayOpen()
    {
        var enrollment = Enroll(Learner, Course, Start);
        enrollment.CompleteReading(Schedule(Course, enrollment), "reading-1", new Actor(Learner, Start));
        var winter = Guid.NewGuid();

        var moved = enrollment.Join(winter, OtherRun(Start), new Actor(Learner, Start.AddDays(1)));

        Assert.True(moved);
        Assert.Equal(winter, enrollment.RunId);
        Assert.Equal(LessonState.Completed, enrollment.LessonFor("reading-1")!.State);
        var schedule = Schedule(Course, enrollment);
        Assert.Equal(ItemStatus.Completed, enrollment.StatusOf(schedule.Modules[0], "reading-1", Start.AddDays(1)));
        Assert.Equal(ItemStatus.Available, enrollment.StatusOf(schedule.Modules[0], "reading-2", Start.AddDays(1)));
        Assert.Contains(enrollment.Transitions, transition => transition.Trigger == "MoveToRun:winter");
    }

    [Fact]
    public void Join_TheRunItIsIn_ChangesNothing()
    {
        var enrollment = Enroll(Learner, Course, Start);

        Assert.False(enrollment.Join(enrollment.RunId, Run, new Actor(Learner, Start.AddDays(1))));
    }

    [Fact]
    public void Join_AfterWithdrawing_RejoinsWithTheProgress()
    {
        var enrollment = Enroll(Learner, Course, Start);
        enrollment.CompleteReading(Schedule(Course, enrollment), "reading-1", new Actor(Learner, Start));
        enrollment.Withdraw(new Actor(Learner, Start.AddDays(1)));

        enrollment.Join(enrollment.RunId, Run, new Actor(Learner, Start.AddDays(2)));

        Assert.Equal(EnrollmentState.InProgress, enrollment.State);
        Assert.Null(enrollment.WithdrawnAt);
    }

    [Fact]
    public void ShiftSchedule_OfAnInstructorPacedRun_IsRefused()
    {
        var enrollment = Enroll(Learner, Course, Start);

        var refused = Assert.Throws<DomainException>(() => enrollment.ShiftSchedule(7, Run with { Pacing = Pacing.Instructor }, new Actor(Learner, Start)));

        Assert.Equal("enrollment.not-self-paced", refused.Code);
    }

    [Fact]
    public void Issuance_WhenTheLearnerHadACertificateOfTheCourseRevokedInAnotherEnrolment_RefusesToIssue()
    {
        var before = Enroll(Learner, Course, Start.AddDays(-100));
        var revoked = Revoked(before);
        var now = Enroll(Learner, Course, Start);
        var eligible = new Eligibility(true, []);

        Assert.Equal(IssuanceOutcome.RevokedBefore, Issuance.Decide(now, eligible, [revoked]));
        Assert.Equal(IssuanceOutcome.AlreadyIssued, Issuance.Decide(before, eligible, [revoked]));
        Assert.Equal(IssuanceOutcome.Issue, Issuance.Decide(now, eligible, []));
        Assert.Equal(IssuanceOutcome.NotEligible, Issuance.Decide(now, new Eligibility(false, []), []));
    }

    [Fact]
    public void Issuance_IssuesOnlyWhenMayIssueSaysItCan_WhateverTheCertificates()
    {
        var before = Enroll(Learner, Course, Start.AddDays(-100));
        var revoked = Revoked(before);
        var active = Enroll(Learner, Course, Start);
        var withdrawn = Enroll(Learner, Course, Start);
        withdrawn.Withdraw(new Actor(Learner, Start.AddDays(1)));
        Certificate[][] certificateSets = [[], [revoked]];

        foreach (var enrollment in new[] { active, withdrawn, before })
        {
            foreach (var eligibility in new[] { new Eligibility(true, []), new Eligibility(false, []) })
            {
                foreach (var certificates in certificateSets)
                {
                    var issues = Issuance.Decide(enrollment, eligibility, certificates) == IssuanceOutcome.Issue;
                    Assert.True(!issues || Issuance.MayIssue(enrollment, eligibility));
                }

                Assert.Equal(Issuance.MayIssue(enrollment, eligibility), Issuance.Decide(enrollment, eligibility, []) == IssuanceOutcome.Issue);
            }
        }
    }

    private static Certificate Revoked(Enrollment enrollment)
    {
        var certificate = Certificate.Issue(enrollment, "Ada", Course.Title, Run.Title, Guid.NewGuid(), new IssuedScores(1, 1, 0.6m, 0.6m, new Dictionary<string, decimal>(), 0, 0), IssuanceKind.Automatic, "", new Actor(Learner, Start.AddDays(-50)));
        certificate.Revoke(RevocationCategory.AcademicMisconduct, "Cheating established", new Actor(Guid.NewGuid(), Start.AddDays(-40)));
        return certificate;
    }

    [Fact]
    public void Publication_ArchivesTheRunsAndItemsTheNewContentDrops_AndLogsWhoPublished()
    {
        var publisher = new Actor(Guid.NewGuid(), Start);
        var course = Domain.Courses.Course.Create("test", Start);
        var first = CourseVersion.Draft(course.Id, 1, "a", "{}", null, Start);
        var firstResult = Publication.Publish(course, first, Course, [], [], publisher);
        var second = CourseVersion.Draft(course.Id, 2, "b", "{}", publisher.Id, Start.AddDays(1));
        var without = Course with { Modules = [Course.Modules[0]], Runs = [] };

        Publication.Retire(first, publisher);
        var result = Publication.Publish(course, second, without, firstResult.NewRuns, firstResult.NewItems, publisher);

        Assert.Equal((ContentState.Archived, ContentState.Published), (first.State, second.State));
        Assert.Equal(1, result.ArchivedItems);
        Assert.Empty(result.NewItems);
        Assert.All(firstResult.NewRuns, run => Assert.True(run.Archived));
        Assert.Equal(["Draft>Published", "Published>Archived"], first.Transitions.Select(transition => $"{transition.FromState}>{transition.ToState}"));
        Assert.All(second.Transitions, transition => Assert.Equal(publisher.Id, transition.ActorId));
    }
}
