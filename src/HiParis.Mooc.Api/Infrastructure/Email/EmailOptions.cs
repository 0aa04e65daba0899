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

    /// <summary>Account e-mails leave after the answer (see <see cref="AccountMailOutbox"/>); false sends them inline.</summary>
    public bool SendInBackground { get; set; } = true;

    /// <summary>The development sink: each message is written there as a .eml file.</summary>
    public string? PickupDirectory { get; set; }
}
