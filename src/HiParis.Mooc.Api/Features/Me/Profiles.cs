using System.Security.Claims;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Localization;
using Microsoft.AspNetCore.Identity;

namespace HiParis.Mooc.Api.Features.Me;

/// <summary>A learner's own profile: the name printed on certificates and the language of the pages; for the API and the pages alike.</summary>
public sealed class Profiles(UserManager<User> users)
{
    /// <summary>Renames the signed-in learner; the problem with the name when it cannot be used, null when it is saved.</summary>
    public async Task<string?> RenameAsync(User user, string? displayName)
    {
        if (User.DisplayNameProblem(displayName) is { } problem)
        {
            return problem;
        }

        user.DisplayName = displayName!.Trim();
        await users.UpdateAsync(user);
        return null;
    }

    /// <summary>Keeps the learner's choice of language for the pages; false for a language the platform does not speak.</summary>
    public async Task<bool> SetLanguageAsync(ClaimsPrincipal principal, string language)
    {
        if (!Text.SupportedLanguages.Contains(language, StringComparer.Ordinal))
        {
            return false;
        }

        if (await users.GetUserAsync(principal) is { } user && user.Language != language)
        {
            user.Language = language;
            await users.UpdateAsync(user);
        }

        return true;
    }
}
