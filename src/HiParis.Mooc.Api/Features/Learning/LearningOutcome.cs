namespace HiParis.Mooc.Api.Features.Learning;

/// <summary>A learning use case's answer, or why there is none: the course has no such item, or the learner is not enrolled.</summary>
public sealed record LearningOutcome<T>(T? Value, bool ItemMissing = false)
    where T : class
{
    public static implicit operator LearningOutcome<T>(T value) => new(value);
}

/// <summary>The answers without a value.</summary>
public static class LearningOutcome
{
    public static LearningOutcome<T> NoSuchItem<T>()
        where T : class => new(null, ItemMissing: true);

    public static LearningOutcome<T> NotEnrolled<T>()
        where T : class => new(null);
}
