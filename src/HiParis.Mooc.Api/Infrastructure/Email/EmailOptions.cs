namespace HiParis.Mooc.Api.Infrastructure.Email;

/// <summary>Configuration section <c>Email</c>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender of every message.</summary>
    public string From { get; set; } = "Hi! PARIS MOOC <no-reply@mooc.hi-paris.local>";

    /// <summary>SMTP server; when empty, messages go to <see cref="PickupDirectory"/> instead.</summary>
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    /// <summary><c>None</c>, <c>StartTls</c>, <c>SslOnConnect</c> or <c>Auto</c> (MailKit's SecureSocketOptions).</summary>
    public string SmtpSecurity { get; set; } = "Auto";

    public string? SmtpUsername { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>
    /// True: the outbox's background dispatcher sends the messages, woken by each commit. False (tests): a unit
    /// of work's messages are sent right after its commit, in the request, and nothing runs in the background.
    /// </summary>
    public bool SendInBackground { get; set; } = true;

    /// <summary>How often the background dispatcher looks for messages written by other instances, and for retries.</summary>
    public int PollSeconds { get; set; } = 5;

    /// <summary>Tries before a message is marked failed (10 s after the first failure, doubling, at most an hour apart).</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Sent and failed messages are deleted this many days after they were written.</summary>
    public int KeepSentDays { get; set; } = 7;

    /// <summary>The development sink: each message is written there as a .eml file.</summary>
    public string? PickupDirectory { get; set; }
}
