using Stateless;

namespace HiParis.Mooc.Domain.Learning;

/// <summary>What every progress lifecycle shares: a refused trigger throws, every transition is logged.</summary>
internal static class Lifecycle
{
    public static StateMachine<TState, TTrigger> Create<TState, TTrigger>(
        string name,
        Func<TState> read,
        Action<TState> write,
        Action<string, string, string> log)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var machine = new StateMachine<TState, TTrigger>(read, write);
        machine.OnUnhandledTrigger((state, trigger) => throw new InvalidTransitionException(name, state.ToString(), trigger.ToString()));
        machine.OnTransitioned(transition =>
        {
            // A re-entry (an autosave) changes no state: nothing to log.
            if (!transition.Source.Equals(transition.Destination))
            {
                log(transition.Source.ToString(), transition.Destination.ToString(), transition.Trigger.ToString());
            }
        });
        return machine;
    }
}
