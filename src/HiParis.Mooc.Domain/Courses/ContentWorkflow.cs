using HiParis.Mooc.Domain.Learning;
using Stateless;
using Stateless.Graph;

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
    private readonly StateMachine<ContentState, ContentTrigger> _machine;

    public ContentWorkflow(Func<ContentState> read, Action<ContentState> write)
    {
        _machine = Lifecycle.Create<ContentState, ContentTrigger>("content", read, write, (_, _, _) => { });
        _machine.Configure(ContentState.Draft).Permit(ContentTrigger.Publish, ContentState.Published);
        _machine.Configure(ContentState.Published).Permit(ContentTrigger.Archive, ContentState.Archived);
        _machine.Configure(ContentState.Archived);
    }

    public bool CanEdit => _machine.IsInState(ContentState.Draft);

    public void Publish() => _machine.Fire(ContentTrigger.Publish);

    public void Archive() => _machine.Fire(ContentTrigger.Archive);

    /// <summary>The workflow as a Mermaid state diagram (docs/state-machines/content-version.md).</summary>
    public static string Diagram()
    {
        var state = ContentState.Draft;
        return MermaidGraph.Format(new ContentWorkflow(() => state, value => state = value)._machine.GetInfo());
    }
}
