using HiParis.Mooc.Domain.Learning;

namespace HiParis.Mooc.Domain.Certificates;

/// <summary>Who changes a certificate, when, and why.</summary>
internal readonly record struct CertificateChange(Actor Actor, string Reason);

/// <summary>One line of a certificate's history: who moved it from which state to which, when and why.</summary>
public sealed class CertificateTransition
{
    private CertificateTransition()
    {
    }

    public Guid Id { get; private set; }

    public Guid CertificateId { get; private set; }

    public string FromState { get; private set; } = "";

    public string ToState { get; private set; } = "";

    public string Trigger { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public Guid ActorId { get; private set; }

    public DateTimeOffset At { get; private set; }

    internal static CertificateTransition Record(Guid certificateId, string from, string to, string trigger, string reason, Actor actor) => new()
    {
        Id = Guid.CreateVersion7(actor.Now),
        CertificateId = certificateId,
        FromState = from,
        ToState = to,
        Trigger = trigger,
        Reason = reason,
        ActorId = actor.Id,
        At = actor.Now,
    };
}
