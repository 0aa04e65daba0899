using Stateless;
using Stateless.Graph;

namespace HiParis.Mooc.Domain;

/// <summary>
/// What every lifecycle shares: each trigger carries what its transition needs and what the log records
/// (<typeparamref name="TChange"/>: who acts and when, and a reason where one is asked), a refused trigger
/// throws <see cref="InvalidTransitionException"/>, every change of state is logged.
/// </summary>
internal sealed class Lifecycle<TState, TTrigger, TChange>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly StateMachine<TState, TTrigger> _machine;
    private readonly Dictionary<TTrigger, StateMachine<TState, TTrigger>.TriggerWithParameters<TChange>> _triggers = [];

    public Lifecycle(string name, Func<TState> read, Action<TState> write, Action<string, string, string, TChange> log)
    {
        _machine = new StateMachine<TState, TTrigger>(read, write);
        _machine.OnUnhandledTrigger((state, trigger) => throw new InvalidTransitionException(name, state.ToString(), trigger.ToString()));
        foreach (var trigger in Enum.GetValues<TTrigger>())
        {
            _triggers[trigger] = _machine.SetTriggerParameters<TChange>(trigger);
        }

        _machine.OnTransitioned(transition =>
        {
            // A re-entry (an autosave) changes no state: nothing to log.
            if (!transition.Source.Equals(transition.Destination))
            {
                log(transition.Source.ToString(), transition.Destination.ToString(), transition.Trigger.ToString(), Change(transition));
            }
        });
    }

    public StateMachine<TState, TTrigger>.StateConfiguration Configure(TState state) => _machine.Configure(state);

    public void Fire(TTrigger trigger, TChange change) => _machine.Fire(_triggers[trigger], change);

    public bool CanFire(TTrigger trigger) => _machine.CanFire(trigger);

    public bool IsInState(TState state) => _machine.IsInState(state);

    /// <summary>The change a transition was fired with, for entry actions.</summary>
    public static TChange Change(StateMachine<TState, TTrigger>.Transition transition) => (TChange)transition.Parameters[0];

    /// <summary>The workflow as a Mermaid state diagram.</summary>
    public string Diagram() => MermaidGraph.Format(_machine.GetInfo());
}
