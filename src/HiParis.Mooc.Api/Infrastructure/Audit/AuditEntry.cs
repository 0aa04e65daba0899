using System.Text.RegularExpressions;

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

    public const int SubjectMaxLength = 200;
    public const int ReasonMaxLength = 500;

    /// <summary>
    /// Erasure (ADR 10): every mention of the learner's address or name, in any case, becomes its
    /// replacement; a longer word that merely contains it (another address) is left alone.
    /// </summary>
    public void Redact(string personal, string replacement)
    {
        if (string.IsNullOrWhiteSpace(personal))
        {
            return;
        }

        var mention = new Regex($@"(?<![\w.+-]){Regex.Escape(personal.Trim())}(?![\w-]|\.\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var subject = mention.Replace(Subject, _ => replacement);
        Subject = subject.Length > SubjectMaxLength ? subject[..SubjectMaxLength] : subject;
        var reason = mention.Replace(Reason, _ => replacement);
        Reason = reason.Length > ReasonMaxLength ? reason[..ReasonMaxLength] : reason;
    }

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
