using System.IO.Compression;
using System.Text.Json;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Certificates;
using Microsoft.EntityFrameworkCore;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// The revocation status of every credential, published as W3C Bitstring Status List v1.0 credentials: list N
/// holds the status entries N × 131,072 to (N + 1) × 131,072 − 1 (the specification's minimum size, so that
/// fetching a list tells the issuer nothing of which certificate is checked), one bit each, set once revoked.
/// Each list is signed when asked for and may be cached <c>Certificates:StatusListCacheSeconds</c> (default 60).
/// </summary>
public sealed class StatusLists(MoocDbContext db, PublicUrls urls, TimeProvider time, IConfiguration configuration)
{
    public const int Size = 131_072;
    public const string Purpose = "revocation";

    /// <summary>How long a verifier may keep a list before it reads it again.</summary>
    public TimeSpan MaxAge { get; } = TimeSpan.FromSeconds(configuration.GetValue("Certificates:StatusListCacheSeconds", 60));

    public string Url(long list) => urls.Absolute(CertificatesApiPaths.StatusList(list));

    /// <summary>The <c>credentialStatus</c> of a credential whose entry is <paramref name="entry"/>.</summary>
    public Dictionary<string, object?> Entry(CertificateStatusEntry entry)
    {
        var list = Url(entry.Index / Size);
        var bit = (entry.Index % Size).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new()
        {
            ["id"] = $"{list}#{bit}",
            ["type"] = "BitstringStatusListEntry",
            ["statusPurpose"] = Purpose,
            ["statusListIndex"] = bit,
            ["statusListCredential"] = list,
        };
    }

    /// <summary>The status list credential of list <paramref name="list"/>, or null when no entry was ever given in it.</summary>
    public async Task<JsonElement?> CredentialAsync(long list, CancellationToken cancellationToken)
    {
        var first = list * Size;
        var last = first + Size;
        var entries = db.CertificateStatusEntries.AsNoTracking().Where(entry => entry.Index >= first && entry.Index < last);
        if (!await entries.AnyAsync(cancellationToken))
        {
            return null;
        }

        var revoked = await entries.Where(entry => entry.RevokedAt != null).Select(entry => entry.Index).ToListAsync(cancellationToken);
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());

        // Valid for a day: a copy replayed later than that, when a certificate may have been revoked since, is refused.
        var until = now.AddDays(1);
        var id = Url(list);
        var issuer = IssuerProfile.Id(urls);
        var credential = new Dictionary<string, object?>
        {
            ["@context"] = new[] { OpenBadge.CredentialsContext },
            ["id"] = id,
            ["type"] = new[] { "VerifiableCredential", "BitstringStatusListCredential" },
            ["issuer"] = issuer,
            ["validFrom"] = OpenBadge.Timestamp(now),
            ["validUntil"] = OpenBadge.Timestamp(until),
            ["credentialSubject"] = new Dictionary<string, object?>
            {
                ["id"] = $"{id}#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = Purpose,
                ["encodedList"] = Encode(revoked.Select(index => (int)(index - first))),
                ["ttl"] = (long)MaxAge.TotalMilliseconds,
            },
            ["iss"] = issuer,
            ["sub"] = $"{id}#list",
            ["jti"] = id,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = until.ToUnixTimeSeconds(),
        };
        return JsonSerializer.SerializeToElement(credential);
    }

    /// <summary>
    /// The bitstring with the given positions set, the first position the leftmost bit of the first byte,
    /// GZIP-compressed and multibase-encoded as base64url without padding ("u" prefix), as §3.2 of the specification sets.
    /// </summary>
    public static string Encode(IEnumerable<int> positions)
    {
        var bits = new byte[Size / 8];
        foreach (var position in positions)
        {
            bits[position >> 3] |= (byte)(0x80 >> (position & 7));
        }

        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bits);
        }

        return "u" + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(compressed.ToArray());
    }
}
