using Microsoft.AspNetCore.Identity;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

/// <summary>Identity's messages that a learner meets on the account pages and answers, in French for a French request.</summary>
public sealed class LocalizedIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError InvalidEmail(string? email) =>
        Localized(base.InvalidEmail(email), $"L'adresse « {email} » n'est pas valide.");

    public override IdentityError DuplicateEmail(string email) =>
        Localized(base.DuplicateEmail(email), $"L'adresse « {email} » est déjà utilisée.");

    public override IdentityError DuplicateUserName(string userName) =>
        Localized(base.DuplicateUserName(userName), $"Le nom d'utilisateur « {userName} » est déjà utilisé.");

    public override IdentityError InvalidUserName(string? userName) =>
        Localized(base.InvalidUserName(userName), $"Le nom d'utilisateur « {userName} » n'est pas valide.");

    public override IdentityError PasswordTooShort(int length) =>
        Localized(base.PasswordTooShort(length), $"Le mot de passe doit comporter au moins {length} caractères.");

    public override IdentityError PasswordMismatch() =>
        Localized(base.PasswordMismatch(), "Mot de passe incorrect.");

    public override IdentityError InvalidToken() =>
        Localized(base.InvalidToken(), "Ce lien n'est pas valide ou a expiré.");

    private static IdentityError Localized(IdentityError error, string french) =>
        IsFrench ? new IdentityError { Code = error.Code, Description = french } : error;
}
