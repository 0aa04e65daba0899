using System.Text.Json.Serialization;

namespace HiParis.Mooc.Domain.Courses;

/// <summary>Where a part of a package was read from, for problems that name file and line.</summary>
public sealed record SourceRef(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>
/// A course as authored: the content of one course version. The layout on disk and every field are
/// documented in docs/course-package.md. Text a learner reads maps a language code to its text.
/// </summary>
public sealed record CoursePackage
{
    public required string Slug { get; init; }
    public required Dictionary<string, string> Title { get; init; }
    public required Dictionary<string, string> Summary { get; init; }
    public required List<string> Languages { get; init; }
    public required Effort Effort { get; init; }
    public decimal? VideoCompletionThreshold { get; init; }
    public required List<CourseRunSpec> Runs { get; init; }
    public required GradingPolicy Grading { get; init; }
    public required CertificateRule Certificate { get; init; }
    public required List<ModuleSpec> Modules { get; init; }

    [JsonIgnore]
    public SourceRef? Source { get; init; }

    public const decimal DefaultVideoCompletionThreshold = 0.9m;

    public decimal EffectiveVideoCompletionThreshold => VideoCompletionThreshold ?? DefaultVideoCompletionThreshold;

    public IEnumerable<ItemSpec> Items => Modules.SelectMany(module => module.Items);

    public IEnumerable<QuizSpec> Quizzes => Items.OfType<QuizSpec>();
}

public sealed record Effort(int Weeks, decimal HoursPerWeek);

public enum Pacing
{
    Instructor,
    Self,
}

public sealed record CourseRunSpec
{
    public required string Key { get; init; }
    public required Dictionary<string, string> Title { get; init; }
    public required Pacing Pacing { get; init; }
    public required DateTimeOffset EnrollmentOpens { get; init; }
    public DateTimeOffset? EnrollmentCloses { get; init; }
    public required DateTimeOffset Starts { get; init; }
    public DateTimeOffset? Ends { get; init; }

    /// <summary>Instructor-paced runs: when each module opens, by module key.</summary>
    public Dictionary<string, DateTimeOffset>? ModuleOpens { get; init; }

    [JsonIgnore]
    public SourceRef? Source { get; init; }

    public bool IsEnrollmentOpen(DateTimeOffset now) =>
        now >= EnrollmentOpens && now < (EnrollmentCloses ?? Ends ?? DateTimeOffset.MaxValue);
}

public sealed record QuizWeight(string Quiz, decimal Weight)
{
    [JsonIgnore]
    public SourceRef? Source { get; init; }
}

public sealed record GradingPolicy(decimal PassMark, List<QuizWeight> Weights);

public sealed record CertificateRule(decimal MinGrade, decimal? MinLessonsCompleted = null, bool? AllQuizzesPassed = null);

public sealed record ModuleSpec
{
    /// <summary>The folder's name, <c>NN-name</c>: its position and how it is exported.</summary>
    public required string Folder { get; init; }
    public required string Key { get; init; }
    public required Dictionary<string, string> Title { get; init; }
    public required Dictionary<string, string> Summary { get; init; }
    public int? UnlockWeek { get; init; }
    public required List<ItemSpec> Items { get; init; }

    [JsonIgnore]
    public SourceRef? Source { get; init; }
}

/// <summary>A module's item: a video lesson, a reading or a quiz.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(VideoLessonSpec), "video")]
[JsonDerivedType(typeof(ReadingSpec), "reading")]
[JsonDerivedType(typeof(QuizSpec), "quiz")]
public abstract record ItemSpec
{
    /// <summary>The file's name without its extension, <c>NN-name</c>.</summary>
    public required string FileStem { get; init; }
    public required string Key { get; init; }
    public required Dictionary<string, string> Title { get; init; }

    [JsonIgnore]
    public SourceRef? Source { get; init; }

    [JsonIgnore]
    public abstract string TypeName { get; }
}

public sealed record VideoLessonSpec : ItemSpec
{
    public required string VideoSource { get; init; }
    public required int DurationSeconds { get; init; }

    /// <summary>Language → transcript: the WebVTT file's name and its text as authored.</summary>
    public required Dictionary<string, TranscriptSpec> Transcripts { get; init; }

    /// <summary>Language → Markdown notes, as authored.</summary>
    public required Dictionary<string, string> Notes { get; init; }

    public override string TypeName => "video";
}

public sealed record TranscriptSpec(string File, string WebVtt);

public sealed record ReadingSpec : ItemSpec
{
    public required int Minutes { get; init; }
    public required Dictionary<string, string> Notes { get; init; }

    public override string TypeName => "reading";
}

public sealed record QuizSpec : ItemSpec
{
    public required QuizPolicy Policy { get; init; }
    public required List<QuestionSpec> Questions { get; init; }

    public override string TypeName => "quiz";
}

public enum GradingMethod
{
    Highest,
    Last,
    First,
    Average,
}

public enum ShowAnswers
{
    Always,
    AfterEachAttempt,
    AfterPassing,
    AfterLastAttempt,
    Never,
}

public sealed record QuizPolicy
{
    public required int MaxAttempts { get; init; }
    public int? DelayMinutes { get; init; }
    public required GradingMethod GradingMethod { get; init; }
    public required ShowAnswers ShowAnswers { get; init; }
    public int? TimeLimitMinutes { get; init; }
    public required decimal PassMark { get; init; }
    public bool? Shuffle { get; init; }
}

public enum QuestionType
{
    SingleChoice,
    MultipleChoice,
    TrueFalse,
    Numeric,
    ShortText,
}

public enum ChoiceScoring
{
    AllOrNothing,
    Partial,
}

public sealed record OptionSpec(string Key, Dictionary<string, string> Text)
{
    [JsonIgnore]
    public SourceRef? Source { get; init; }
}

/// <summary>
/// A question and its answer key. The key (<see cref="Answer"/>) never leaves the server before the
/// quiz's show-answer policy allows.
/// </summary>
public sealed record QuestionSpec
{
    public required string Key { get; init; }
    public required QuestionType Type { get; init; }
    public required decimal Points { get; init; }
    public required Dictionary<string, string> Prompt { get; init; }
    public List<OptionSpec>? Options { get; init; }
    public required AnswerSpec Answer { get; init; }
    public decimal? Tolerance { get; init; }
    public ChoiceScoring? Scoring { get; init; }
    public Feedback? Feedback { get; init; }
    public required Dictionary<string, string> Explanation { get; init; }

    [JsonIgnore]
    public SourceRef? Source { get; init; }
}

/// <summary>One shape for every question type's answer; which fields are set depends on the type.</summary>
public sealed record AnswerSpec
{
    /// <summary>single_choice: one key; multiple_choice: the keys.</summary>
    public List<string>? OptionKeys { get; init; }
    public bool? Boolean { get; init; }
    public decimal? Number { get; init; }

    /// <summary>short_text: language → accepted answers.</summary>
    public Dictionary<string, List<string>>? Accepted { get; init; }

    [JsonIgnore]
    public SourceRef? Source { get; init; }
}

public sealed record Feedback(Dictionary<string, string> Correct, Dictionary<string, string> Incorrect);
