using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Api.Infrastructure.Media;

namespace HiParis.Mooc.UnitTests.Courses;

public sealed class PackageValidationTests
{
    /// <summary>No media root: media files come from the packages' own media/ folders only.</summary>
    private static readonly MediaFiles PackageMediaOnly = new(Path.Combine(Path.GetTempPath(), $"no-media-root-{Guid.NewGuid():N}"), null);

    [Fact]
    public void Validate_WhenThePackageAndItsMediaAreValid_ReportsNoProblemAndNoWarning()
    {
        var (package, problems) = PackageValidator.Validate(TestPackages.Folder("valid/tiny"), PackageMediaOnly);

        Assert.Empty(problems.All);
        Assert.NotNull(package);
        Assert.Equal(["welcome", "read-me", "tiny-check", "tiny-practice"], package.Items.Select(item => item.Key));
    }

    /// <summary>
    /// Each folder under CoursePackages/broken is the valid package with one defect, and names the problem expected
    /// as <c>courses validate</c> prints it. A warning leaves the package valid; anything else makes it invalid.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestPackages.BrokenCases), MemberType = typeof(TestPackages))]
    public void Validate_WhenThePackageHasADefect_NamesTheFileAndLine(string brokenCase)
    {
        var expected = File.ReadAllText(TestPackages.Folder($"broken/{brokenCase}/expected.txt")).Trim();

        var (package, problems) = PackageValidator.Validate(TestPackages.Folder($"broken/{brokenCase}/tiny"), PackageMediaOnly);

        Assert.True(
            problems.All.Any(problem => problem.ToString().StartsWith(expected, StringComparison.Ordinal)),
            $"Expected a problem starting with '{expected}', got:\n{problems}");
        Assert.Equal(expected.Contains(": warning: ", StringComparison.Ordinal), package is not null);
    }

    [Fact]
    public void BrokenCases_CoverEveryProblemKindOfThePackageFormat()
    {
        string[] kinds =
        [
            "unknown-field", "missing-field", "duplicate-key", "answer-not-among-options", "numeric-without-tolerance",
            "numeric-without-answer", "unknown-question-type", "missing-transcript", "malformed-transcript",
            "non-positive-duration", "language-not-declared", "run-dates-out-of-order", "weight-unknown-quiz",

            // Second edition: caption norms, quizzes that cannot be gamed, practice sets and pools, presentation, media, YAML bounds.
            "caption-too-many-lines", "caption-line-too-long", "caption-cue-too-long", "caption-cue-too-short", "caption-too-fast",
            "caption-raw-ampersand", "caption-raw-less-than", "caption-arrow-in-text", "caption-past-language-duration",
            "quiz-answers-shown-while-attempts-remain", "quiz-ticking-every-option-pays", "quiz-every-option-right",
            "quiz-draw-beyond-pool", "quiz-minutes-not-positive", "practice-weighted", "practice-with-draw",
            "trailer-not-a-video", "image-outside-media", "video-src-outside-media", "poster-not-https", "height-not-positive",
            "video-language-missing", "description-language-missing", "media-duration-mismatch", "media-missing",
            "yaml-too-deep", "yaml-anchors",
        ];

        Assert.Empty(kinds.Except(TestPackages.BrokenCases().Select(row => row.Data)));
    }
}
