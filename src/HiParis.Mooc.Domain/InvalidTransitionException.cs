namespace HiParis.Mooc.Domain;

/// <summary>
/// Thrown by every lifecycle when a trigger is not permitted in the current state.
/// </summary>
public sealed class InvalidTransitionException(string lifecycle, string state, string trigger)
    : DomainException(
        $"{lifecycle}.invalid-transition",
        $"Cannot '{trigger}' {Article(lifecycle)} {lifecycle} that is {state}.")
{
    public string Lifecycle { get; } = lifecycle;

    public string State { get; } = state;

    public string Trigger { get; } = trigger;

    // "an enrollment", "an attempt", "a certificate": every lifecycle's name is a lower-case English noun.
    private static string Article(string noun) => noun.Length > 0 && "aeiou".Contains(noun[0]) ? "an" : "a";
}
