namespace HiParis.Mooc.Domain.Learning;

/// <summary>One line of the transition log: who moved what from which state to which, and when.</summary>
public sealed class ProgressTransition
{
    private ProgressTransition()
    {
    }

    public Guid Id { get; private set; }

    public Guid EnrollmentId { get; private set; }

    /// <summary><c>enrollment</c>, <c>module</c> or <c>lesson</c>.</summary>
    public string Lifecycle { get; private set; } = "";

    /// <summary>The module or item key; empty for the enrolment itself.</summary>
    public string SubjectKey { get; private set; } = "";

    public string FromState { get; private set; } = "";

    public string ToState { get; private set; } = "";

    public string Trigger { get; private set; } = "";

    public Guid ActorId { get; private set; }

    public DateTimeOffset At { get; private set; }

    internal static ProgressTransition Record(Guid enrollmentId, string lifecycle, string subjectKey, string from, string to, string trigger, Guid actorId, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(at),
        EnrollmentId = enrollmentId,
        Lifecycle = lifecycle,
        SubjectKey = subjectKey,
        FromState = from,
        ToState = to,
        Trigger = trigger,
        ActorId = actorId,
        At = at,
    };
}

/// <summary>Who acts and when, handed to every domain verb so that the log can say it.</summary>
public readonly record struct Actor(Guid Id, DateTimeOffset Now);

/// <summary>A change of a part of an enrolment (a module, a lesson, an attempt): the enrolment keeps its log.</summary>
internal readonly record struct ProgressChange(Enrollment Owner, Actor Actor);
