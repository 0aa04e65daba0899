using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

/// <summary>Identity's user manager, plus what every new account gets: the Learner role and a display name.</summary>
public sealed class MoocUserManager(
    IUserStore<User> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<User> passwordHasher,
    IEnumerable<IUserValidator<User>> userValidators,
    IEnumerable<IPasswordValidator<User>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<User>> logger,
    TimeProvider timeProvider)
    : UserManager<User>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> CreateAsync(User user)
    {
        if (string.IsNullOrWhiteSpace(user.DisplayName))
        {
            user.DisplayName = DefaultDisplayName(user.Email ?? user.UserName ?? "");
        }

        user.CreatedAt = timeProvider.GetUtcNow();
        var created = await base.CreateAsync(user);
        return created.Succeeded ? await AddToRoleAsync(user, Roles.Learner) : created;
    }

    /// <summary>"ada.lovelace@example.org" → "ada.lovelace": a start the learner can change.</summary>
    internal static string DefaultDisplayName(string email)
    {
        var local = email.Split('@')[0].Trim();
        return local.Length > User.DisplayNameMaxLength ? local[..User.DisplayNameMaxLength] : local;
    }
}
