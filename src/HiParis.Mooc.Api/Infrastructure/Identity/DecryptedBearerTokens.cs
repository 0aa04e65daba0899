using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

/// <summary>
/// Keeps the ticket of an access token once it was decrypted, so that a learner's next requests skip the
/// decryption and key derivation (about a tenth of the cost of a small authenticated request). The token
/// itself is the key: a token that decrypts once decrypts the same way every time, and its expiry is still
/// checked by the bearer handler on every request. Nothing about the account is kept here: whether the
/// session still stands (security stamp, lockout) is <see cref="ActiveAccountMiddleware"/>'s question.
/// Bounded in entries and held for at most <see cref="Hold"/>; every request gets its own copy of the ticket.
/// </summary>
internal sealed class DecryptedBearerTokens(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider time) : ISecureDataFormat<AuthenticationTicket>, IDisposable
{
    internal const int MaxEntries = 20_000;
    internal static readonly TimeSpan Hold = TimeSpan.FromMinutes(5);

    private readonly MemoryCache _tickets = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        if (!_tickets.TryGetValue(protectedText, out AuthenticationTicket? ticket))
        {
            ticket = inner.Unprotect(protectedText);
            if (ticket?.Properties.ExpiresUtc is not { } expires)
            {
                return ticket;
            }

            var hold = expires - time.GetUtcNow();
            if (hold > TimeSpan.Zero)
            {
                _tickets.Set(protectedText, ticket, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = hold < Hold ? hold : Hold });
            }
        }

        return ticket is null ? null : new AuthenticationTicket(new ClaimsPrincipal(ticket.Principal.Identities.Select(identity => identity.Clone())), ticket.Properties.Clone(), ticket.AuthenticationScheme);
    }

    public void Dispose() => _tickets.Dispose();

    /// <summary>Wraps the bearer scheme's protector, once the framework has made it.</summary>
    internal sealed class Setup(TimeProvider time) : IPostConfigureOptions<BearerTokenOptions>
    {
        public void PostConfigure(string? name, BearerTokenOptions options)
        {
            if (name == IdentityConstants.BearerScheme && options.BearerTokenProtector is not DecryptedBearerTokens)
            {
                options.BearerTokenProtector = new DecryptedBearerTokens(options.BearerTokenProtector, time);
            }
        }
    }
}
