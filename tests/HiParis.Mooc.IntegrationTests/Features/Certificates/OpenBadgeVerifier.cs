using System.IO.Compression;
using System.Net;
using System.Text.Json;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Json.Schema;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HiParis.Mooc.IntegrationTests.Features.Certificates;

/// <summary>What an outside verifier concludes of a credential: verified, or the first reason it is not.</summary>
internal sealed record Verdict(bool Verified, string Reason);

/// <summary>
/// Verifies an Open Badges 3.0 VC-JWT as 1EdTech's specification tells a verifier to (§8.2.6 and §9): only
/// standard JOSE headers, the key dereferenced from <c>kid</c>, the signature, the claims against the
/// credential, the official JSON schema, the issuer's profile at its id, and the Bitstring Status List entry.
/// It knows nothing of the API but what the credential points to.
/// </summary>
internal sealed class OpenBadgeVerifier(HttpClient web, DateTimeOffset now)
{
    private static readonly string Folder = Path.Combine(MoocApiFactory.RepositoryRoot, "tests", "HiParis.Mooc.IntegrationTests", "Features", "Certificates", "OpenBadges");
    private static readonly Lazy<JsonSchema> CredentialSchema = new(() => Schema("achievementcredential.json"));
    private static readonly Lazy<JsonSchema> ProfileSchema = new(() => Schema("profile.json"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<Verdict> VerifyAsync(string jwt)
    {
        if (await VerifySignatureAsync(jwt) is { } broken)
        {
            return new Verdict(false, broken);
        }

        var payload = Decode(jwt.Split('.')[1]);
        if (Invalid(CredentialSchema.Value, payload) is { } schema)
        {
            return new Verdict(false, $"schema: {schema}");
        }

        var issuer = payload.GetProperty("issuer") is { ValueKind: JsonValueKind.String } id ? id.GetString()! : payload.GetProperty("issuer").GetProperty("id").GetString()!;
        var validFrom = DateTimeOffset.Parse(payload.GetProperty("validFrom").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var claims = new (string Claim, string? Value, string Expected)[]
        {
            ("iss", payload.GetProperty("iss").GetString(), issuer),
            ("sub", payload.GetProperty("sub").GetString(), payload.GetProperty("credentialSubject").GetProperty("id").GetString()!),
            ("jti", payload.GetProperty("jti").GetString(), payload.GetProperty("id").GetString()!),
            ("nbf", payload.GetProperty("nbf").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), validFrom.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (claims.FirstOrDefault(claim => claim.Value != claim.Expected) is { Claim: not null } wrong)
        {
            return new Verdict(false, $"claim {wrong.Claim} is {wrong.Value}, the credential says {wrong.Expected}");
        }

        if (validFrom > now)
        {
            return new Verdict(false, "not valid yet");
        }

        if (await ProfileAsync(issuer) is { } profile)
        {
            return new Verdict(false, profile);
        }

        return await StatusAsync(payload.GetProperty("credentialStatus"));
    }

    /// <summary>The JOSE header (OB 3.0 §8.2.3: alg, kid, typ "JWT", nothing else), the key from kid, and the signature.</summary>
    private async Task<string?> VerifySignatureAsync(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return "not a compact JWS";
        }

        var header = Decode(parts[0]);
        var names = header.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal);
        if (string.Join(',', names) != "alg,kid,typ" || header.GetProperty("typ").GetString() != "JWT" || header.GetProperty("alg").GetString() is not ("RS256" or "ES256"))
        {
            return $"JOSE header {header}";
        }

        var key = await web.GetAsync(header.GetProperty("kid").GetString(), Ct);
        var jwk = await key.Content.ReadAsStringAsync(Ct);
        if (key.StatusCode != HttpStatusCode.OK || JsonDocument.Parse(jwk).RootElement.TryGetProperty("d", out _))
        {
            return $"kid: {(int)key.StatusCode} {jwk}";
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKey = new JsonWebKey(jwk),
            ValidAlgorithms = [header.GetProperty("alg").GetString()!],
            ValidTypes = ["JWT"],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
        });
        return result.IsValid ? null : $"signature: {result.Exception?.Message}";
    }

    private async Task<string?> ProfileAsync(string issuer)
    {
        var response = await web.GetAsync(issuer, Ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return $"issuer profile: {(int)response.StatusCode}";
        }

        var profile = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        return Invalid(ProfileSchema.Value, profile) is { } invalid ? $"issuer profile: {invalid}"
            : profile.GetProperty("id").GetString() != issuer ? "issuer profile: another id" : null;
    }

    /// <summary>W3C Bitstring Status List v1.0 §3.2 (validate): fetch and verify the list, check the purpose, read the bit.</summary>
    private async Task<Verdict> StatusAsync(JsonElement entry)
    {
        if (entry.GetProperty("type").GetString() != "BitstringStatusListEntry")
        {
            return new Verdict(false, "credentialStatus is not a BitstringStatusListEntry");
        }

        var list = await web.GetAsync(entry.GetProperty("statusListCredential").GetString(), Ct);
        var jwt = await list.Content.ReadAsStringAsync(Ct);
        if (list.StatusCode != HttpStatusCode.OK || await VerifySignatureAsync(jwt) is { } broken)
        {
            return new Verdict(false, $"status list: {(int)list.StatusCode} {jwt}");
        }

        var credential = Decode(jwt.Split('.')[1]);
        var subject = credential.GetProperty("credentialSubject");
        if (!credential.GetProperty("type").EnumerateArray().Any(type => type.GetString() == "BitstringStatusListCredential")
            || subject.GetProperty("statusPurpose").GetString() != entry.GetProperty("statusPurpose").GetString())
        {
            return new Verdict(false, "status list: not a list of this purpose");
        }

        if (DateTimeOffset.Parse(credential.GetProperty("validUntil").GetString()!, System.Globalization.CultureInfo.InvariantCulture) < now)
        {
            return new Verdict(false, "status list: expired");
        }

        var encoded = subject.GetProperty("encodedList").GetString()!;
        using var gzip = new GZipStream(new MemoryStream(Base64UrlEncoder.DecodeBytes(encoded[1..])), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        await gzip.CopyToAsync(bits, Ct);
        var index = int.Parse(entry.GetProperty("statusListIndex").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        if (encoded[0] != 'u' || bits.Length * 8 < 131_072 || index >= bits.Length * 8)
        {
            return new Verdict(false, "status list: not a bitstring of at least 131,072 entries holding the index");
        }

        var set = (bits.GetBuffer()[index >> 3] & (0x80 >> (index & 7))) != 0;
        return set ? new Verdict(false, $"{entry.GetProperty("statusPurpose").GetString()}: the status bit is set") : new Verdict(true, "verified");
    }

    private static JsonElement Decode(string segment) => JsonDocument.Parse(Base64UrlEncoder.Decode(segment)).RootElement;

    private static string? Invalid(JsonSchema schema, JsonElement json)
    {
        var result = schema.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid ? null : string.Join("; ", (result.Details ?? []).Where(detail => detail.Errors is { Count: > 0 }).SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}")).Take(8));
    }

    private static JsonSchema Schema(string file) =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(Folder, file)), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
}
