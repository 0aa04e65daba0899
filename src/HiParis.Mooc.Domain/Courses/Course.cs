using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Domain.Courses;

/// <summary>A course: its slug and its versions. Learners see the published version.</summary>
public sealed class Course
{
    private Course()
    {
    }

    public Guid Id { get; private set; }

    public string Slug { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public static Course Create(string slug, DateTimeOffset now) => new() { Id = Guid.CreateVersion7(now), Slug = slug, CreatedAt = now };
}

/// <summary>One version of a course's content, stored whole (as JSON) with the hash of its canonical form.</summary>
public sealed class CourseVersion
{
    private readonly List<ContentTransition> _transitions = [];
    private ContentWorkflow? _workflow;

    private CourseVersion()
    {
    }

    public Guid Id { get; private set; }

    public Guid CourseId { get; private set; }

    public int Number { get; private set; }

    public ContentState State { get; private set; }

    public string ContentHash { get; private set; } = "";

    public string Content { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>Who last changed the draft, and when.</summary>
    public Guid? UpdatedBy { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>The transitions recorded by this instance (publish, archive), with who and when.</summary>
    public IReadOnlyCollection<ContentTransition> Transitions => _transitions;

    private ContentWorkflow Workflow => _workflow ??= new ContentWorkflow(() => State, state => State = state, (from, to, trigger, actor) => _transitions.Add(ContentTransition.Record(Id, from, to, trigger, actor)));

    public static CourseVersion Published(Guid courseId, int number, string contentHash, string content, Actor actor)
    {
        var version = Draft(courseId, number, contentHash, content, null, actor.Now);
        version.Publish(actor);
        return version;
    }

    public static CourseVersion Draft(Guid courseId, int number, string contentHash, string content, Guid? author, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        CourseId = courseId,
        Number = number,
        State = ContentState.Draft,
        ContentHash = contentHash,
        Content = content,
        CreatedAt = now,
        UpdatedBy = author,
        UpdatedAt = now,
    };

    /// <summary>Replaces a draft's content; a published or archived version never changes.</summary>
    public void Edit(string contentHash, string content, Guid author, DateTimeOffset now)
    {
        if (!Workflow.CanEdit)
        {
            throw new InvalidTransitionException("content", State.ToString(), "Edit");
        }

        ContentHash = contentHash;
        Content = content;
        UpdatedBy = author;
        UpdatedAt = now;
    }

    public void Publish(Actor actor)
    {
        Workflow.Publish(actor);
        PublishedAt = actor.Now;
    }

    public void Archive(Actor actor) => Workflow.Archive(actor);
}

/// <summary>One line of a course version's history: who published or archived it, and when.</summary>
public sealed class ContentTransition
{
    private ContentTransition()
    {
    }

    public Guid Id { get; private set; }

    public Guid VersionId { get; private set; }

    public string FromState { get; private set; } = "";

    public string ToState { get; private set; } = "";

    public string Trigger { get; private set; } = "";

    /// <summary>Who did it: an instructor or admin, or <see cref="Guid.Empty"/> for the platform (an import at start-up).</summary>
    public Guid ActorId { get; private set; }

    public DateTimeOffset At { get; private set; }

    internal static ContentTransition Record(Guid versionId, string from, string to, string trigger, Actor actor) => new()
    {
        Id = Guid.CreateVersion7(actor.Now),
        VersionId = versionId,
        FromState = from,
        ToState = to,
        Trigger = trigger,
        ActorId = actor.Id,
        At = actor.Now,
    };
}

/// <summary>A run (session) of a course, kept in step with the published version; never deleted.</summary>
public sealed class CourseRun
{
    private CourseRun()
    {
    }

    public Guid Id { get; private set; }

    public Guid CourseId { get; private set; }

    public string Key { get; private set; } = "";

    public Pacing Pacing { get; private set; }

    public DateTimeOffset EnrollmentOpens { get; private set; }

    public DateTimeOffset? EnrollmentCloses { get; private set; }

    public DateTimeOffset Starts { get; private set; }

    public DateTimeOffset? Ends { get; private set; }

    public bool Archived { get; private set; }

    public static CourseRun Create(Guid courseId, CourseRunSpec spec, DateTimeOffset now)
    {
        var run = new CourseRun { Id = Guid.CreateVersion7(now), CourseId = courseId, Key = spec.Key };
        run.Update(spec);
        return run;
    }

    public void Update(CourseRunSpec spec)
    {
        Pacing = spec.Pacing;
        EnrollmentOpens = spec.EnrollmentOpens;
        EnrollmentCloses = spec.EnrollmentCloses;
        Starts = spec.Starts;
        Ends = spec.Ends;
        Archived = false;
    }

    public void Archive() => Archived = true;
}

/// <summary>
/// An item key of a course, across all its versions: learner data refers to these. An item dropped
/// from the course is archived, never deleted.
/// </summary>
public sealed class CourseItem
{
    private CourseItem()
    {
    }

    public Guid Id { get; private set; }

    public Guid CourseId { get; private set; }

    public string Key { get; private set; } = "";

    public string Type { get; private set; } = "";

    public string ModuleKey { get; private set; } = "";

    public DateTimeOffset? ArchivedAt { get; private set; }

    public static CourseItem Create(Guid courseId, string moduleKey, ItemSpec item, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), CourseId = courseId, Key = item.Key, Type = item.TypeName, ModuleKey = moduleKey };

    public void Update(string moduleKey, ItemSpec item)
    {
        Type = item.TypeName;
        ModuleKey = moduleKey;
        ArchivedAt = null;
    }

    public void Archive(DateTimeOffset now) => ArchivedAt ??= now;
}
