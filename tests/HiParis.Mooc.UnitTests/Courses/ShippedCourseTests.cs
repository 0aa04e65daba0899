using System.Buffers.Binary;
using System.Text.RegularExpressions;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.UnitTests.Courses;

/// <summary>
/// The Hi! PARIS course as shipped, second edition: four weeks of lessons, a reading, practice and a graded quiz
/// drawn from a pool, in English and French, each item with its time, and an effort that says what they add up to.
/// </summary>
public sealed partial class ShippedCourseTests
{
    private static readonly CoursePackage Course = Load();

    /// <summary>Learner data refers to these: the first edition's items keep their keys and types.</summary>
    public static TheoryData<string, string> FirstEditionItems() => new()
    {
        { "origins-thinking-machines", "video" }, { "origins-symbols-and-winters", "video" }, { "origins-learning-machines", "video" },
        { "origins-timeline", "reading" }, { "origins-quiz", "quiz" },
        { "regulation-gdpr", "video" }, { "regulation-eu-ai-act", "video" }, { "regulation-global-governance", "video" },
        { "regulation-ai-act-at-a-glance", "reading" }, { "regulation-quiz", "quiz" },
        { "industry-ai-in-industry", "video" }, { "industry-measuring-performance", "video" }, { "industry-generative-ai", "video" },
        { "industry-from-lab-to-production", "reading" }, { "industry-quiz", "quiz" },
        { "society-future-of-work", "video" }, { "society-climate-and-energy", "video" }, { "society-fairness-and-privacy", "video" },
        { "society-trust-and-inclusion", "reading" }, { "society-quiz", "quiz" },
    };

    [Fact]
    public void EveryPackageUnderCourses_IsValid()
    {
        foreach (var dir in PackageReader.FindPackages(TestPackages.ShippedCourses()))
        {
            var (_, problems) = PackageReader.Read(dir);
            Assert.True(!problems.Any, problems.ToString());
        }
    }

    [Fact]
    public void Rules_RefuseQuizzesThatCouldNotBeTakenOrGraded()
    {
        var quiz = GradedQuiz(Course.Modules[0]);
        var single = quiz.Questions.First(question => question.Type == QuestionType.SingleChoice);
        var broken = quiz with
        {
            Policy = quiz.Policy with { TimeLimitMinutes = 100_000 },
            Questions = [single with { Answer = new AnswerSpec { OptionKeys = [.. single.Options!.Take(2).Select(option => option.Key)] } }, single with { Key = "heavy", Points = 1_000_000 }],
        };
        var course = Course with { Modules = [Course.Modules[0] with { Items = [.. Course.Modules[0].Items.Select(item => item.Key == quiz.Key ? broken : item)] }, .. Course.Modules.Skip(1)] };
        var problems = new PackageProblems();

        CoursePackageRules.Check(course, problems);

        var messages = problems.All.Select(problem => problem.Message).ToList();
        Assert.Contains(messages, message => message.Contains("exactly one right option", StringComparison.Ordinal));
        Assert.Contains(messages, message => message.Contains("points must be greater than 0 and at most 1000", StringComparison.Ordinal));
        Assert.Contains(messages, message => message.Contains("time_limit_minutes from 1 to 10080", StringComparison.Ordinal));
    }

    [Fact]
    public void UnderstandingAi_HasFourWeeks_EachWithFourLessonsAReadingPracticeAndAQuizDrawnFromAPool()
    {
        Assert.Equal(["origins", "regulation", "industry", "society"], Course.Modules.Select(module => module.Key));
        Assert.Equal(4, Course.Effort.Weeks);
        Assert.All(Course.Modules, module =>
        {
            Assert.True(module.Items.OfType<VideoLessonSpec>().Count() >= 4, module.Key);
            Assert.Single(module.Items.OfType<ReadingSpec>());
            Assert.Contains(module.Items.OfType<QuizSpec>(), quiz => quiz.IsPractice && quiz.Questions.Count > 0);
            var quiz = GradedQuiz(module);
            var draw = Assert.IsType<int>(quiz.Policy.Draw);
            Assert.True(quiz.Questions.Count >= 1.5 * draw, $"{quiz.Key}: a pool of {quiz.Questions.Count} for a draw of {draw}");
        });
    }

    [Theory]
    [MemberData(nameof(FirstEditionItems))]
    public void FirstEditionItem_KeepsItsKeyAndType(string key, string type)
    {
        var item = Assert.Single(Course.Items, item => item.Key == key);

        Assert.Equal(type, item.TypeName);
        Assert.False(item is QuizSpec { IsPractice: true }, $"{key} was graded");
    }

    [Fact]
    public void EveryText_IsInEnglishAndFrench()
    {
        List<(string Where, Dictionary<string, string>? Text)> texts =
        [
            ("course title", Course.Title), ("course summary", Course.Summary), ("course description", Course.Description),
            .. Course.Modules.SelectMany(module => new[] { ($"{module.Key} title", module.Title), ($"{module.Key} summary", module.Summary) }),
            .. Course.Items.Select(item => ($"{item.Key} title", item.Title)),
            .. Course.Items.OfType<VideoLessonSpec>().Select(video => ($"{video.Key} notes", video.Notes)),
            .. Course.Items.OfType<ReadingSpec>().Select(reading => ($"{reading.Key} notes", reading.Notes)),
            .. Course.Quizzes.SelectMany(quiz => quiz.Questions.SelectMany(question => QuestionTexts($"{quiz.Key}/{question.Key}", question))),
        ];

        Assert.Equal(["en", "fr"], Course.Languages);
        Assert.All(texts, text =>
        {
            Assert.NotNull(text.Text);
            Assert.Equal(["en", "fr"], text.Text.Keys.Order());
            Assert.All(text.Text.Values, value => Assert.False(string.IsNullOrWhiteSpace(value), text.Where));
        });
        Assert.All(Course.Quizzes.SelectMany(quiz => quiz.Questions).Where(question => question.Type == QuestionType.ShortText), question =>
            Assert.All(Course.Languages, language => Assert.NotEmpty(question.Answer.Accepted![language])));
    }

    [Fact]
    public void EveryVideoLesson_HasAFullTranscriptInEnglishAndFrench()
    {
        var videos = Course.Items.OfType<VideoLessonSpec>().ToList();

        Assert.True(videos.Count >= 16);
        Assert.All(videos, video =>
        {
            Assert.Equal(["en", "fr"], video.Transcripts.Keys.Order());
            foreach (var (language, transcript) in video.Transcripts)
            {
                var words = Words(transcript.WebVtt);
                Assert.True(words >= 500, $"{video.Key} ({language}) has {words} words.");
            }
        });
    }

    [Fact]
    public void EveryVideoLesson_NamesAWebmPerLanguage_AsLongAsItsCaptionsAndATail()
    {
        Assert.All(Course.Modules, module => Assert.All(module.Items.OfType<VideoLessonSpec>(), video =>
        {
            var name = video.FileStem[3..];
            Assert.Equal(
                Course.Languages.Select(language => $"understanding-ai/{module.Key}/{name}.{language}.webm"),
                video.Sources.Select(source => source.Src));
            foreach (var (language, transcript) in video.Transcripts)
            {
                var lastCue = WebVtt.Parse(transcript.WebVtt).Cues[^1];
                Assert.Equal((int)Math.Ceiling(lastCue.End + Api.Features.Courses.Captions.CaptionTiming.Tail), video.DurationIn(language));
            }
        }));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void EveryItem_CarriesItsTime_AndTheStatedEffortIsWithinAFifthOfTheirSum(string language)
    {
        var minutes = Course.Items.Sum(item => item switch
        {
            VideoLessonSpec video => video.DurationIn(language) / 60m,
            ReadingSpec reading => reading.Minutes,
            QuizSpec quiz => quiz.Minutes ?? throw new Xunit.Sdk.XunitException($"{quiz.Key} has no minutes"),
            _ => throw new Xunit.Sdk.XunitException($"{item.Key}: an item of unknown kind"),
        });
        var stated = Course.Effort.Weeks * Course.Effort.HoursPerWeek * 60;

        Assert.All(Course.Items.OfType<VideoLessonSpec>(), video => Assert.True(video.DurationIn(language) > 0, video.Key));
        Assert.InRange(stated, minutes * 0.8m, minutes * 1.2m);
    }

    [Fact]
    public void GradedQuizzes_AreWeightedAlone_WithFourTypesOfQuestionEachExplained()
    {
        var graded = Course.Quizzes.Where(quiz => !quiz.IsPractice).ToList();

        Assert.Equal(4, graded.Count);
        Assert.Equal(graded.Select(quiz => quiz.Key).Order(), Course.Grading.Weights.Select(weight => weight.Quiz).Order());
        Assert.All(graded, quiz => Assert.True(quiz.Questions.Select(question => question.Type).Distinct().Count() >= 4, quiz.Key));
        Assert.All(Course.Quizzes.SelectMany(quiz => quiz.Questions), question =>
            Assert.All(Course.Languages, language => Assert.False(string.IsNullOrWhiteSpace(question.Explanation[language]))));
    }

    [Fact]
    public void Certificate_NeedsSixtyPerCentAndFourFifthsOfTheLessons()
    {
        Assert.Equal(0.6m, Course.Certificate.MinGrade);
        Assert.Equal(0.8m, Course.Certificate.MinLessonsCompleted);
    }

    [Fact]
    public void Presentation_HasATrailerThatIsAPreview_AndACoverOf1280By720UnderTwoHundredKilobytes()
    {
        var trailer = Assert.IsType<VideoLessonSpec>(Course.Items.Single(item => item.Key == Course.Trailer));
        var cover = new FileInfo(Path.Combine(TestPackages.ShippedCourses(), "understanding-ai", "media", Course.Image!["understanding-ai/".Length..]));
        var header = File.ReadAllBytes(cover.FullName).AsSpan(0, 24);

        Assert.True(trailer.Preview);
        Assert.True(cover.Length < 200 * 1024, $"{cover.Length} bytes");
        Assert.True(header[..8].SequenceEqual<byte>([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]));
        Assert.Equal((1280u, 720u), (BinaryPrimitives.ReadUInt32BigEndian(header[16..]), BinaryPrimitives.ReadUInt32BigEndian(header[20..])));
    }

    [Fact]
    public void Runs_AreOneInstructorPacedWithWeeklyDates_AndOneSelfPaced()
    {
        var instructor = Assert.Single(Course.Runs, run => run.Pacing == Pacing.Instructor);
        Assert.Single(Course.Runs, run => run.Pacing == Pacing.Self);
        var opens = Course.Modules.Select(module => instructor.ModuleOpens![module.Key]).ToList();
        Assert.All(opens.Zip(opens.Skip(1)), pair => Assert.Equal(TimeSpan.FromDays(7), pair.Second - pair.First));
    }

    private static QuizSpec GradedQuiz(ModuleSpec module) => Assert.Single(module.Items.OfType<QuizSpec>(), quiz => !quiz.IsPractice);

    private static IEnumerable<(string, Dictionary<string, string>?)> QuestionTexts(string where, QuestionSpec question) =>
    [
        ($"{where} prompt", question.Prompt), ($"{where} explanation", question.Explanation),
        .. (question.Options ?? []).Select(option => ($"{where}/{option.Key}", option.Text)),
        .. question.Feedback is { } feedback ? [($"{where} feedback", feedback.Correct), ($"{where} feedback", feedback.Incorrect)] : Array.Empty<(string, Dictionary<string, string>?)>(),
    ];

    private static int Words(string webVtt) =>
        webVtt.Split('\n')
            .Where(line => line.Length > 0 && line != "WEBVTT" && !line.Contains("-->", StringComparison.Ordinal))
            .Sum(line => WordPattern().Count(line));

    [GeneratedRegex(@"\w+")]
    private static partial Regex WordPattern();

    private static CoursePackage Load()
    {
        var (course, problems) = PackageReader.Read(Path.Combine(TestPackages.ShippedCourses(), "understanding-ai"));
        return course ?? throw new InvalidOperationException(problems.ToString());
    }
}
