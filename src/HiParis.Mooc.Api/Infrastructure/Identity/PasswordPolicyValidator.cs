using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

/// <summary>
/// The password rules of OWASP ASVS 5 §6.2 beyond the minimum length (which Identity's own validator
/// checks): long passphrases allowed up to <see cref="MaxLength"/>, no composition rules, and no
/// password that is common or made from the account's own e-mail.
/// </summary>
public sealed class PasswordPolicyValidator : IPasswordValidator<User>
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    private static readonly FrozenSet<string> CommonPasswords = LoadCommonPasswords();

    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        password ??= "";
        List<IdentityError> errors = [];
        if (password.Length > MaxLength)
        {
            errors.Add(new IdentityError
            {
                Code = "PasswordTooLong",
                Description = Localization.Text.Pick(
                    $"Passwords must be at most {MaxLength} characters.",
                    $"Le mot de passe doit comporter au plus {MaxLength} caractères."),
            });
        }

        if (IsCommon(password) || ContainsEmail(password, user.Email))
        {
            errors.Add(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = Localization.Text.Pick(
                    "This password is too common or too easy to guess; choose a longer passphrase.",
                    "Ce mot de passe est trop courant ou trop facile à deviner ; choisissez une phrase de passe plus longue."),
            });
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    internal static bool IsCommon(string password)
    {
        var lower = password.ToLowerInvariant();
        return CommonPasswords.Contains(lower) || lower.Distinct().Count() <= 2;
    }

    private static bool ContainsEmail(string password, string? email)
    {
        var local = email?.Split('@')[0];
        return local is { Length: >= 4 } && password.Contains(local, StringComparison.OrdinalIgnoreCase)
            && password.Length - local.Length < 6;
    }

    private static FrozenSet<string> LoadCommonPasswords()
    {
        using var stream = typeof(PasswordPolicyValidator).Assembly.GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("The common-passwords.txt resource is missing.");
        using var reader = new StreamReader(stream);
        HashSet<string> passwords = [];
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                passwords.Add(line.Trim().ToLowerInvariant());
            }
        }

        return passwords.ToFrozenSet();
    }
}
