using Microsoft.AspNetCore.Identity;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

public sealed class User : IdentityUser<Guid>
{
    public const int DisplayNameMaxLength = 100;

    /// <summary>The name shown to staff and printed on certificates.</summary>
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

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
        LockoutEnabled = true;
        LockoutEnd = DateTimeOffset.MaxValue;
        SecurityStamp = Guid.NewGuid().ToString("N");
        ConcurrencyStamp = Guid.NewGuid().ToString();
    }
}
