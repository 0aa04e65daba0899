using System.Text;
using MimeKit;

namespace HiParis.Mooc.Api.Infrastructure.Outbox;

public enum OutboxState
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// One outgoing e-mail, rendered to MIME and written in the transaction of the change that causes it, so
/// that the message exists exactly when the change does. The <see cref="OutboxDispatcher"/> sends it (ADR 14).
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
    }

    public Guid Id { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The account the message is about: erasure deletes its messages with the rest of its data.</summary>
    public Guid? UserId { get; private set; }

    /// <summary>For the logs and for operators; the message itself is in <see cref="Mime"/>.</summary>
    public string Recipient { get; private set; } = "";

    public string Subject { get; private set; } = "";

    /// <summary>
    /// The whole message as it will be sent, 7-bit clean; its Message-Id is fixed here, so that a rare second
    /// delivery (ADR 14) is the same message to the receiving side.
    /// </summary>
    public string Mime { get; private set; } = "";

    public OutboxState State { get; private set; }

    /// <summary>Tries so far, counted when a dispatcher claims the message.</summary>
    public int Attempts { get; private set; }

    /// <summary>When the message may be claimed: now for a new one, after the backoff for a failed one, after the lease for one being sent.</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public string? LastError { get; private set; }

    public const int SubjectMaxLength = 500;
    public const int RecipientMaxLength = 320;
    public const int ErrorMaxLength = 1000;

    public static OutboxMessage Create(MimeMessage message, Guid? userId, DateTimeOffset now)
    {
        message.Prepare(EncodingConstraint.SevenBit);
        using var buffer = new MemoryStream();
        message.WriteTo(FormatOptions.Default, buffer);
        var subject = message.Subject ?? "";
        var recipient = string.Join(", ", message.To.Mailboxes.Select(mailbox => mailbox.Address));
        return new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            CreatedAt = now,
            UserId = userId,
            Recipient = recipient.Length > RecipientMaxLength ? recipient[..RecipientMaxLength] : recipient,
            Subject = subject.Length > SubjectMaxLength ? subject[..SubjectMaxLength] : subject,
            Mime = Encoding.ASCII.GetString(buffer.GetBuffer(), 0, (int)buffer.Length),
            State = OutboxState.Pending,
            NextAttemptAt = now,
        };
    }
}
