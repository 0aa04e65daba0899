using Microsoft.AspNetCore.Identity;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

public sealed class User : IdentityUser<Guid>
{
    public const int DisplayNameMaxLength = 100;

    /// <summary>The name shown to staff and printed on certificates.</summary>
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
