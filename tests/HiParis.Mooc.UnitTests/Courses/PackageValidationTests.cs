using HiParis.Mooc.Api.Features.Courses.Packages;

namespace HiParis.Mooc.UnitTests.Courses;

public sealed class PackageValidationTests
{
    [Fact]
    public void Read_WhenThePackageIsValid_ReportsNoProblem()
    {
        var (package, problems) = PackageReader.Read(TestPackages.Folder("valid/tiny"));

        Assert.Empty(problems.All);
        Assert.NotNull(package);
        Assert.Equal(["welcome", "read-me", "tiny-check"], package.Items.Select(item => item.Key));
    }

    /// <summary>Each folder under CoursePackages/broken is the valid package with one defect, and names the problem expected.</summary>
    [Theory]
    [MemberData(nameof(TestPackages.BrokenCases), MemberType = typeof(TestPackages))]
    public void Read_WhenThePackageHasADefect_NamesTheFileAndLine(string brokenCase)
    {
        var expected = File.ReadAllText(TestPackages.Folder($"broken/{brokenCase}/expected.txt")).Trim();

        var (package, problems) = PackageReader.Read(TestPackages.Folder($"broken/{brokenCase}/tiny"));

        Assert.Null(package);
        Assert.True(
            problems.All.Any(problem => problem.ToString().StartsWith(expected, StringComparison.Ordinal)),
            $"Expected a problem starting with '{expected}', got:\n{problems}");
    }

    [Fact]
    public void BrokenCases_CoverEveryProblemKindOfThePackageFormat()
    {
        string[] kinds =
        [
            "unknown-field", "missing-field", "duplicate-key", "answer-not-among-options", "numeric-without-tolerance",
            "numeric-without-answer", "unknown-question-type", "missing-transcript", "malformed-transcript",
            "non-positive-duration", "language-not-declared", "run-dates-out-of-order", "weight-unknown-quiz",
        ];

        Assert.Empty(kinds.Except(TestPackages.BrokenCases().Select(row => row.Data)));
    }
}
