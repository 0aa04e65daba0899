using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.UnitTests.Learning;

public sealed class VideoCoverageTests
{
    [Fact]
    public void Add_WhenSegmentsOverlap_KeepsTheirUnionOnce()
    {
        var (watched, credited) = VideoCoverage.Add([new Segment(0, 10)], [new Segment(5, 20), new Segment(18, 25)], duration: 600, allowance: 100);

        Assert.Equal([new Segment(0, 25)], watched);
        Assert.Equal(15, credited, precision: 6);
    }

    [Fact]
    public void Add_WhenASegmentGoesPastTheEnd_ClampsItToTheDuration()
    {
        var (watched, credited) = VideoCoverage.Add([], [new Segment(590, 700), new Segment(-5, 2)], duration: 600, allowance: 100);

        Assert.Equal([new Segment(0, 2), new Segment(590, 600)], watched);
        Assert.Equal(12, credited, precision: 6);
    }

    [Fact]
    public void Add_WhenTheClaimExceedsTheAllowance_CreditsOnlyTheAllowanceEarliestFirst()
    {
        var (watched, credited) = VideoCoverage.Add([], [new Segment(0, 600)], duration: 600, allowance: 15);

        Assert.Equal([new Segment(0, 15)], watched);
        Assert.Equal(15, credited, precision: 6);
    }

    [Fact]
    public void Add_WhenTheSegmentIsAlreadyWatched_CreditsNothing()
    {
        var (watched, credited) = VideoCoverage.Add([new Segment(0, 30)], [new Segment(10, 20)], duration: 600, allowance: 100);

        Assert.Equal([new Segment(0, 30)], watched);
        Assert.Equal(0, credited);
    }

    [Theory]
    [InlineData(0, 10, 1, 10)]
    [InlineData(0, 10, 2, 20)]
    [InlineData(0, 10, 8, 20)]
    [InlineData(100, 3600, 1, VideoCoverage.MaxCarrySeconds)]
    public void Replenish_GrowsWithWallTimeTimesRate_CappedAtTwiceAndAtTheCarry(double allowance, double elapsedSeconds, double rate, double expected) =>
        Assert.Equal(expected, VideoCoverage.Replenish(allowance, TimeSpan.FromSeconds(elapsedSeconds), rate), precision: 6);

    [Fact]
    public void ResumePosition_IsTheEndOfTheWatchedStart()
    {
        Assert.Equal(42, VideoCoverage.ResumePosition([new Segment(0, 42), new Segment(100, 120)]));
        Assert.Equal(0, VideoCoverage.ResumePosition([new Segment(100, 120)]));
    }
}
