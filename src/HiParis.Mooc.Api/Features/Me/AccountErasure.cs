using System.Security.Cryptography;
using System.Text;
using HiParis.Mooc.Api.Features.Certificates;
using HiParis.Mooc.Api.Infrastructure.Audit;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Learning;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Me;

/// <summary>
/// Erasure of an account at its holder's request (GDPR art. 17, ADR 10), after the password is checked: personal
/// data replaced by a pseudonym, what the course's statistics need kept under it. For the API and the pages alike;
/// each caller then ends its own session.
/// </summary>
public sealed class AccountErasure(SignInManager<User> signIn, MoocDbContext db, TimeProvider time, IMemoryCache cache, VerificationCache certificatesCache)
{
    public static string PasswordMismatch => Pick("The password does not match.", "Le mot de passe ne correspond pas.");

    /// <summary>Erases the account; false, with nothing changed, when the password does not match.</summary>
    public async Task<bool> EraseAsync(User user, string password, CancellationToken cancellationToken)
    {
        // Counted like a login: a held session must not become a way to guess the password without limit.
        if (!(await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true)).Succeeded)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var actor = new Actor(user.Id, now);
        List<string> certificateCodes = [];
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            certificateCodes.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var tracked = await db.Users.SingleAsync(candidate => candidate.Id == user.Id, cancellationToken);
            var (address, name) = (tracked.Email ?? "", tracked.DisplayName);
            tracked.Erase(Pseudonym(user.Id));
            await RedactAuditAsync(user.Id, address, name, tracked.Email!, cancellationToken);
            foreach (var certificate in await db.Certificates.Where(certificate => certificate.UserId == user.Id).ToListAsync(cancellationToken))
            {
                certificate.EraseHolder(actor);
                certificateCodes.Add(certificate.Code);
            }

            foreach (var attempt in await db.QuizAttempts.Where(attempt => db.Enrollments.Any(enrollment => enrollment.Id == attempt.EnrollmentId && enrollment.UserId == user.Id)).ToListAsync(cancellationToken))
            {
                attempt.EraseAnswers();
            }

            await db.UserLogins.Where(login => login.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
            await db.UserTokens.Where(token => token.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
            await db.UserClaims.Where(claim => claim.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);

            // E-mails to the learner, sent or waiting, hold their address and name.
            await db.OutboxMessages.Where(message => message.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
            db.AuditLog.Add(AuditEntry.Record(user.Id, "user.erase", user.Id, tracked.Email!, "Erased at the holder's request (GDPR art. 17)", now));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });

        foreach (var code in certificateCodes)
        {
            certificatesCache.Forget(code);
        }

        ActiveAccountMiddleware.Forget(cache, user.Id);
        return true;
    }

    /// <summary>
    /// Audit entries are kept (ADR 10), but not the address and name in them: those by or about the learner,
    /// and any that names the address, get the pseudonym and "Erased learner" instead.
    /// </summary>
    private async Task RedactAuditAsync(Guid userId, string address, string name, string pseudonym, CancellationToken cancellationToken)
    {
        var pattern = "%" + address.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        var entries = await db.AuditLog
            .Where(entry => entry.SubjectUserId == userId || entry.ActorId == userId || EF.Functions.ILike(entry.Subject, pattern) || EF.Functions.ILike(entry.Reason, pattern))
            .ToListAsync(cancellationToken);
        foreach (var entry in entries)
        {
            entry.Redact(address, pseudonym);
            entry.Redact(name, User.ErasedDisplayName);
        }
    }

    /// <summary>A salted pseudonym: the salt is random and kept nowhere, so the pseudonym leads back to nobody.</summary>
    private static string Pseudonym(Guid userId)
    {
        Span<byte> salt = stackalloc byte[16];
        RandomNumberGenerator.Fill(salt);
        var hash = SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(userId.ToString())]);
        return "erased-" + Convert.ToHexStringLower(hash)[..20];
    }
}
