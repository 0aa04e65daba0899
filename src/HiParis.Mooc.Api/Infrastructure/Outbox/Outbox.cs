using HiParis.Mooc.Api.Infrastructure.Email;
using HiParis.Mooc.Api.Infrastructure.Persistence;

namespace HiParis.Mooc.Api.Infrastructure.Outbox;

/// <summary>
/// Where a unit of work puts the e-mails its change causes: they are rows of the same transaction, written
/// when it commits and never when it does not, then sent by the <see cref="OutboxDispatcher"/> (ADR 14).
/// </summary>
public sealed class Outbox(MoocDbContext db, MailComposer composer, TimeProvider clock)
{
    /// <summary>Adds a message to the unit of work; the caller's <c>SaveChanges</c> (and commit) writes it.</summary>
    public OutboxMessage Add(Guid? userId, string displayName, string address, string subject, string lead, string payload)
    {
        var message = OutboxMessage.Create(composer.Compose(displayName, address, subject, lead, payload), userId, clock.GetUtcNow());
        db.OutboxMessages.Add(message);
        return message;
    }
}
