using Microsoft.AspNetCore.Identity;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

public sealed class User : IdentityUser<Guid>
{
    public const int DisplayNameMaxLength = 100;

    /// <summary>The name shown to staff and printed on certificates.</summary>
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The language the learner chose for the pages (<c>en</c> or <c>fr</c>); null: the browser's.</summary>
    public string? Language { get; set; }

    public const string ErasedDisplayName = "Erased learner";

    /// <summary>
    /// Erasure (ADR 10): every personal field goes; the account becomes a pseudonym that cannot sign in, and
    /// its e-mail address is free to register again.
    /// </summary>
    public void Erase(string pseudonym)
    {
        var address = $"{pseudonym}@erased.invalid";
        Email = address;
        NormalizedEmail = address.ToUpperInvariant();
        UserName = address;
        NormalizedUserName = address.ToUpperInvariant();
        EmailConfirmed = false;
        PasswordHash = null;
        PhoneNumber = null;
        PhoneNumberConfirmed = false;
        TwoFactorEnabled = false;
        DisplayName = ErasedDisplayName;
        Language = null;
        LockoutEnabled = true;
        LockoutEnd = DateTimeOffset.MaxValue;
        SecurityStamp = Guid.NewGuid().ToString("N");
        ConcurrencyStamp = Guid.NewGuid().ToString();
    }

    /// <summary>What is wrong with a display name, in the request's language; null when it may be used.</summary>
    public static string? DisplayNameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) ? Pick("A name is required.", "Un nom est requis.")
        : name.Length > DisplayNameMaxLength ? Pick($"At most {DisplayNameMaxLength} characters.", $"Au plus {DisplayNameMaxLength} caractères.")
        : !IsPrintable(name) ? Pick(
            "A name holds no line breaks, control characters or direction overrides.",
            "Un nom ne contient ni saut de ligne, ni caractère de contrôle, ni forçage de sens d'écriture.")
        : null;

    /// <summary>
    /// The name is printed on certificates and written into e-mails: line breaks would let it add lines of its
    /// own to a message, and bidirectional overrides (U+202A to U+202E, U+2066 to U+2069) reverse the text that
    /// follows it on a certificate. Letters of every script are welcome.
    /// </summary>
    internal static bool IsPrintable(string name) =>
        !name.Any(character => char.IsControl(character) || character is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'));
}
