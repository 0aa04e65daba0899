using Stateless;
using Stateless.Graph;

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
    private StateMachine<ModuleState, ModuleTrigger>? _machine;
    private Enrollment? _owner;
    private Actor _actor;

    private ModuleProgress()
    {
    }

    public Guid Id { get; private set; }

    public Guid EnrollmentId { get; private set; }

    public string ModuleKey { get; private set; } = "";

    public ModuleState State { get; private set; }

    public DateTimeOffset? OpenedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    private StateMachine<ModuleState, ModuleTrigger> Machine => _machine ??= BuildMachine();

    internal static ModuleProgress Create(Guid enrollmentId, string moduleKey) =>
        new() { Id = Guid.NewGuid(), EnrollmentId = enrollmentId, ModuleKey = moduleKey, State = ModuleState.Locked };

    internal void Open(Enrollment owner, Actor actor)
    {
        Fire(ModuleTrigger.Open, owner, actor);
        OpenedAt = actor.Now;
    }

    internal void Begin(Enrollment owner, Actor actor) => Fire(ModuleTrigger.Begin, owner, actor);

    internal void Complete(Enrollment owner, Actor actor)
    {
        Fire(ModuleTrigger.Complete, owner, actor);
        CompletedAt = actor.Now;
    }

    private void Fire(ModuleTrigger trigger, Enrollment owner, Actor actor)
    {
        _owner = owner;
        _actor = actor;
        Machine.Fire(trigger);
    }

    private StateMachine<ModuleState, ModuleTrigger> BuildMachine()
    {
        var machine = Lifecycle.Create<ModuleState, ModuleTrigger>("module", () => State, state => State = state, (from, to, trigger) => _owner?.Log("module", ModuleKey, from, to, trigger, _actor));
        machine.Configure(ModuleState.Locked).Permit(ModuleTrigger.Open, ModuleState.Available);
        machine.Configure(ModuleState.Available).Permit(ModuleTrigger.Begin, ModuleState.InProgress);
        machine.Configure(ModuleState.InProgress).Permit(ModuleTrigger.Complete, ModuleState.Completed);
        machine.Configure(ModuleState.Completed);
        return machine;
    }

    /// <summary>The workflow as a Mermaid state diagram (docs/state-machines/module-progress.md).</summary>
    public static string Diagram() => MermaidGraph.Format(new ModuleProgress().Machine.GetInfo());
}
