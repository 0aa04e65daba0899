namespace HiParis.Mooc.Domain.Learning;

public enum ModuleState
{
    Locked,
    Available,
    InProgress,
    Completed,
}

public enum ModuleTrigger
{
    Open,
    Begin,
    Complete,
}

/// <summary>A learner's progress in one module (week): locked until its opening time.</summary>
public sealed class ModuleProgress
{
    private Lifecycle<ModuleState, ModuleTrigger, ProgressChange>? _lifecycle;

    private ModuleProgress()
    {
    }

    public Guid Id { get; private set; }

    public Guid EnrollmentId { get; private set; }

    public string ModuleKey { get; private set; } = "";

    public ModuleState State { get; private set; }

    public DateTimeOffset? OpenedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    private Lifecycle<ModuleState, ModuleTrigger, ProgressChange> Lifecycle => _lifecycle ??= BuildLifecycle();

    internal static ModuleProgress Create(Guid enrollmentId, string moduleKey) =>
        new() { Id = Guid.NewGuid(), EnrollmentId = enrollmentId, ModuleKey = moduleKey, State = ModuleState.Locked };

    internal void Open(Enrollment owner, Actor actor)
    {
        Lifecycle.Fire(ModuleTrigger.Open, new ProgressChange(owner, actor));
        OpenedAt = actor.Now;
    }

    internal void Begin(Enrollment owner, Actor actor) => Lifecycle.Fire(ModuleTrigger.Begin, new ProgressChange(owner, actor));

    internal void Complete(Enrollment owner, Actor actor)
    {
        Lifecycle.Fire(ModuleTrigger.Complete, new ProgressChange(owner, actor));
        CompletedAt = actor.Now;
        owner.Reached(new ModuleCompleted(ModuleKey));
    }

    private Lifecycle<ModuleState, ModuleTrigger, ProgressChange> BuildLifecycle()
    {
        var lifecycle = new Lifecycle<ModuleState, ModuleTrigger, ProgressChange>("module", () => State, state => State = state, (from, to, trigger, change) => change.Owner.Log("module", ModuleKey, from, to, trigger, change.Actor));
        lifecycle.Configure(ModuleState.Locked).Permit(ModuleTrigger.Open, ModuleState.Available);
        lifecycle.Configure(ModuleState.Available).Permit(ModuleTrigger.Begin, ModuleState.InProgress);
        lifecycle.Configure(ModuleState.InProgress).Permit(ModuleTrigger.Complete, ModuleState.Completed);
        lifecycle.Configure(ModuleState.Completed);
        return lifecycle;
    }

    /// <summary>The workflow as a Mermaid state diagram (docs/state-machines/module-progress.md).</summary>
    public static string Diagram() => new ModuleProgress().Lifecycle.Diagram();
}
