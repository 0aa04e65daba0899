using System.Text;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

/// <summary>
/// One spelling per address (ADR 15): compatibility characters folded (Unicode NFKC, so the Kelvin sign is a
/// "K" and full-width letters are plain ones), blanks around it dropped; and one key per address, that
/// spelling upper-cased, for every lookup, limit and lockout.
/// </summary>
public static class EmailAddresses
{
    public static string Canonical(string address) => address.Normalize(NormalizationForm.FormKC).Trim();

    public static string Key(string address) => Canonical(address).ToUpperInvariant();
}

/// <summary>Identity's lookups (user name and address) by <see cref="EmailAddresses.Key"/>, the key limits and lockouts use too.</summary>
public sealed class EmailLookupNormalizer : Microsoft.AspNetCore.Identity.ILookupNormalizer
{
    public string? NormalizeName(string? name) => name is null ? null : EmailAddresses.Key(name);

    public string? NormalizeEmail(string? email) => email is null ? null : EmailAddresses.Key(email);
}
