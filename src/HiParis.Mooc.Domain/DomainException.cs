namespace HiParis.Mooc.Domain;

/// <summary>
/// A request that the domain refuses because of the state it finds (a closed enrolment window,
/// a locked module, no attempts left). The API answers these with 409 ProblemDetails.
/// </summary>
public class DomainException(string code, string message) : Exception(message)
{
    /// <summary>A stable, machine-readable reason, e.g. <c>enrollment.window-closed</c>.</summary>
    public string Code { get; } = code;
}
