using System.Text.RegularExpressions;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.UnitTests.Courses;

/// <summary>The Hi! PARIS course as shipped: four weeks, real lessons in two languages, graded quizzes.</summary>
public sealed partial class ShippedCourseTests
{
    private static readonly CoursePackage Course = Load();

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
        var quiz = Course.Quizzes.First();
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
    public void UnderstandingAi_HasFourModulesOneAWeek_WithAReadingAndAQuizEach()
    {
        Assert.Equal(["origins", "regulation", "industry", "society"], Course.Modules.Select(module => module.Key));
        Assert.Equal(4, Course.Effort.Weeks);
        Assert.All(Course.Modules, module =>
        {
            Assert.True(module.Items.OfType<VideoLessonSpec>().Count() >= 3);
            Assert.Single(module.Items.OfType<ReadingSpec>());
            Assert.Single(module.Items.OfType<QuizSpec>());
        });
    }

    [Fact]
    public void EveryVideoLesson_HasAFullTranscriptInEnglishAndFrench()
    {
        var videos = Course.Items.OfType<VideoLessonSpec>().ToList();

        Assert.True(videos.Count >= 12);
        Assert.All(videos, video =>
        {
            Assert.Equal(["en", "fr"], video.Transcripts.Keys.Order());
            foreach (var (language, transcript) in video.Transcripts)
            {
                var words = Words(transcript.WebVtt);
                Assert.True(words >= 300, $"{video.Key} ({language}) has {words} words.");
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

    [Fact]
    public void EveryQuiz_HasEightQuestionsOfAtLeastFourTypes_EachExplained()
    {
        var quizzes = Course.Quizzes.ToList();

        Assert.Equal(4, quizzes.Count);
        Assert.All(quizzes, quiz =>
        {
            Assert.True(quiz.Questions.Count >= 8, $"{quiz.Key} has {quiz.Questions.Count} questions.");
            Assert.True(quiz.Questions.Select(question => question.Type).Distinct().Count() >= 4, quiz.Key);
            Assert.All(quiz.Questions, question => Assert.All(Course.Languages, language => Assert.False(string.IsNullOrWhiteSpace(question.Explanation[language]))));
        });
        Assert.Equal(quizzes.Select(quiz => quiz.Key).Order(), Course.Grading.Weights.Select(weight => weight.Quiz).Order());
    }

    [Fact]
    public void Runs_AreOneInstructorPacedWithWeeklyDates_AndOneSelfPaced()
    {
        var instructor = Assert.Single(Course.Runs, run => run.Pacing == Pacing.Instructor);
        Assert.Single(Course.Runs, run => run.Pacing == Pacing.Self);
        var opens = Course.Modules.Select(module => instructor.ModuleOpens![module.Key]).ToList();
        Assert.All(opens.Zip(opens.Skip(1)), pair => Assert.Equal(TimeSpan.FromDays(7), pair.Second - pair.First));
    }

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
