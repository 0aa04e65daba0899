using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

/// <summary>
/// Counts failed password checks toward the lockout (ADR 11). Identity reads the count, adds one and saves it
/// under the account's concurrency stamp: of ten wrong passwords sent at once, all but one lost that race,
/// were never counted, and the account was not locked. Here one statement adds one, so every failure
/// counts, and the one that reaches the threshold locks the account and tells its owner, once.
/// </summary>
public sealed class AccountLockout(MoocDbContext db, Outbox.Outbox outbox, IMemoryCache cache)
{
    public async Task<IdentityResult> CountFailureAsync(UserManager<User> users, User user)
    {
        // The count and the lock commit together; inside Identity's endpoints this is their transaction already.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync() : null;

        // Identity compares lockouts with the system clock, so this does too. A failure that waited for a
        // parallel one that locked the account is not counted (-1), as Identity counts none while locked.
        var now = DateTimeOffset.UtcNow;
        var counted = await db.Database
            .SqlQuery<int>($"""
                UPDATE users SET access_failed_count = access_failed_count + CASE WHEN lockout_end > {now} THEN 0 ELSE 1 END
                WHERE id = {user.Id}
                RETURNING CASE WHEN lockout_end > {now} THEN -1 ELSE access_failed_count END AS "Value"
                """)
            .ToListAsync();
        if (counted is not [var count])
        {
            return IdentityResult.Failed(users.ErrorDescriber.ConcurrencyFailure());
        }

        var options = users.Options.Lockout;
        if (count < 0)
        {
            var lockedUntil = await db.Users.AsNoTracking().Where(account => account.Id == user.Id).Select(account => account.LockoutEnd).SingleAsync();
            Refresh(user, user.AccessFailedCount, lockedUntil);
        }
        else if (count < options.MaxFailedAccessAttempts)
        {
            Refresh(user, count, user.LockoutEnd);
        }
        else
        {
            var until = now + options.DefaultLockoutTimeSpan;
            await db.Database.ExecuteSqlAsync($"UPDATE users SET access_failed_count = 0, lockout_end = {until} WHERE id = {user.Id}");
            Refresh(user, 0, until);
            ActiveAccountMiddleware.Forget(cache, user.Id);
            if (user.Email is { } email && user.LockoutEnabled)
            {
                Notify(user, email, options);
                await db.SaveChangesAsync();
            }
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync();
        }

        return IdentityResult.Success;
    }

    /// <summary>After an attacker's guesses the answer says only "Failed" (ADR 11): the e-mail is how the owner learns of the lock, and of the way back in.</summary>
    private void Notify(User user, string email, LockoutOptions options)
    {
        var minutes = (int)Math.Ceiling(options.DefaultLockoutTimeSpan.TotalMinutes);
        outbox.Add(
            user.Id,
            user.DisplayName,
            email,
            Pick("Your account is locked for a while", "Votre compte est verrouillé pour un moment"),
            Pick(
                $"After {options.MaxFailedAccessAttempts} failed sign-ins, your account is locked for {minutes} minutes. If it was not you, someone is guessing your password: choosing a new one unlocks the account at once.",
                $"Après {options.MaxFailedAccessAttempts} connexions échouées, votre compte est verrouillé pendant {minutes} minutes. Si ce n'était pas vous, quelqu'un essaie de deviner votre mot de passe : en choisir un nouveau déverrouille le compte aussitôt."),
            Pick("Use \"Forgot password\" on the sign-in page.", "Utilisez « Mot de passe oublié » sur la page de connexion."));
    }

    /// <summary>The loaded account takes the stored values, as unchanged ones: a later save of it must not write them back.</summary>
    private void Refresh(User user, int count, DateTimeOffset? lockoutEnd)
    {
        var entry = db.Entry(user);
        if (entry.State == EntityState.Detached)
        {
            (user.AccessFailedCount, user.LockoutEnd) = (count, lockoutEnd);
            return;
        }

        entry.Property(account => account.AccessFailedCount).CurrentValue = count;
        entry.Property(account => account.AccessFailedCount).OriginalValue = count;
        entry.Property(account => account.LockoutEnd).CurrentValue = lockoutEnd;
        entry.Property(account => account.LockoutEnd).OriginalValue = lockoutEnd;
    }
}
