using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Domain.Courses;

public enum ContentTrigger
{
    Publish,
    Archive,
}

/// <summary>
/// The lifecycle of a course version: staff edit a draft, publishing makes it the version learners see
/// and archives the one before. Built inside the version entity with its state accessor and mutator.
/// </summary>
public sealed class ContentWorkflow
{
    private readonly Lifecycle<ContentState, ContentTrigger, Actor> _lifecycle;

    public ContentWorkflow(Func<ContentState> read, Action<ContentState> write, Action<string, string, string, Actor> log)
    {
        _lifecycle = new Lifecycle<ContentState, ContentTrigger, Actor>("content", read, write, log);
        _lifecycle.Configure(ContentState.Draft).Permit(ContentTrigger.Publish, ContentState.Published);
        _lifecycle.Configure(ContentState.Published).Permit(ContentTrigger.Archive, ContentState.Archived);
        _lifecycle.Configure(ContentState.Archived);
    }

    public bool CanEdit => _lifecycle.IsInState(ContentState.Draft);

    public void Publish(Actor actor) => _lifecycle.Fire(ContentTrigger.Publish, actor);

    public void Archive(Actor actor) => _lifecycle.Fire(ContentTrigger.Archive, actor);

    /// <summary>The workflow as a Mermaid state diagram (docs/state-machines/content-version.md).</summary>
    public static string Diagram()
    {
        var state = ContentState.Draft;
        return new ContentWorkflow(() => state, value => state = value, (_, _, _, _) => { })._lifecycle.Diagram();
    }
}
