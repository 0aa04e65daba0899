namespace HiParis.Mooc.Domain;

/// <summary>
/// Thrown by every lifecycle when a trigger is not permitted in the current state.
/// </summary>
public sealed class InvalidTransitionException(string lifecycle, string state, string trigger)
    : DomainException(
        $"{lifecycle}.invalid-transition",
        $"Cannot '{trigger}' a {lifecycle} that is {state}.")
{
    public string Lifecycle { get; } = lifecycle;

    public string State { get; } = state;

    public string Trigger { get; } = trigger;
}
