namespace HiParis.Mooc.Api.Infrastructure.Audit;

/// <summary>
/// One line of the audit log: an admin or staff action that changed a learner's record, who did it,
/// when, on what, and the reason they gave. Written in the same transaction as the change.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public Guid Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public Guid ActorId { get; private set; }

    /// <summary>What was done, e.g. <c>certificate.revoke</c>.</summary>
    public string Action { get; private set; } = "";

    /// <summary>The learner whose record changed.</summary>
    public Guid? SubjectUserId { get; private set; }

    /// <summary>What changed, e.g. a certificate's code.</summary>
    public string Subject { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public static AuditEntry Record(Guid actorId, string action, Guid? subjectUserId, string subject, string reason, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(at),
        At = at,
        ActorId = actorId,
        Action = action,
        SubjectUserId = subjectUserId,
        Subject = subject,
        Reason = reason.Trim(),
    };
}
