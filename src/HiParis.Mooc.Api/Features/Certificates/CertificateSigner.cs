using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>The JWS algorithms credentials are signed with: RS256 (Open Badges 3.0's minimum, the default) and ES256.</summary>
public enum SigningAlgorithm
{
    RS256,
    ES256,
}

/// <summary>
/// Signs credentials (Open Badges and the status lists) with an RSA key (RS256) or a P-256 key (ES256), and
/// publishes their public halves. Each key's <c>kid</c> is the URL that answers its JWK. The keys come from
/// <c>Certificates:RsaSigningKeyPem</c> and <c>Certificates:SigningKeyPem</c> (PKCS#8 PEM); a key not
/// configured is generated once into the data folder, which suits one machine, not several instances.
/// </summary>
public sealed class CertificateSigner
{
    private readonly RsaSecurityKey _rsa;
    private readonly ECDsaSecurityKey _ec;

    public CertificateSigner(IConfiguration configuration, string dataFolder, ILogger<CertificateSigner> logger)
    {
        var ecdsa = ECDsa.Create();
        Load(ecdsa, configuration["Certificates:SigningKeyPem"], Path.Combine(dataFolder, "keys", "certificate-signing-key.pem"), () => ECDsa.Create(ECCurve.NamedCurves.nistP256), logger);
        if (ecdsa.ExportParameters(includePrivateParameters: false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new InvalidOperationException("Certificates:SigningKeyPem must be a P-256 (ES256) private key.");
        }

        var rsa = RSA.Create();
        Load(rsa, configuration["Certificates:RsaSigningKeyPem"], Path.Combine(dataFolder, "keys", "certificate-signing-key-rsa.pem"), () => RSA.Create(2048), logger);
        if (rsa.KeySize < 2048)
        {
            throw new InvalidOperationException("Certificates:RsaSigningKeyPem must be an RSA private key of at least 2048 bits.");
        }

        _ec = new ECDsaSecurityKey(ecdsa);
        _ec.KeyId = Base64UrlEncoder.Encode(_ec.ComputeJwkThumbprint());
        _rsa = new RsaSecurityKey(rsa);
        _rsa.KeyId = Base64UrlEncoder.Encode(_rsa.ComputeJwkThumbprint());
    }

    /// <summary>The public keys that verify credentials, as served at <c>/.well-known/jwks.json</c>.</summary>
    public PublicKeySet Jwks(PublicUrls urls) => new([Jwk(SigningAlgorithm.RS256, urls), Jwk(SigningAlgorithm.ES256, urls)]);

    /// <summary>The public key of a thumbprint (the last segment of a <c>kid</c>), or null.</summary>
    public PublicJsonWebKey? Key(string thumbprint, PublicUrls urls) =>
        thumbprint == _rsa.KeyId ? Jwk(SigningAlgorithm.RS256, urls) : thumbprint == _ec.KeyId ? Jwk(SigningAlgorithm.ES256, urls) : null;

    /// <summary>
    /// Signs a payload as a compact JWS whose JOSE header is <c>alg</c>, <c>kid</c> and <c>typ: "JWT"</c> and
    /// nothing else (Open Badges 3.0 §8.2.3).
    /// </summary>
    public string Sign(JsonElement payload, SigningAlgorithm algorithm, PublicUrls urls)
    {
        SecurityKey key = algorithm == SigningAlgorithm.RS256
            ? new RsaSecurityKey(_rsa.Rsa) { KeyId = KeyUrl(_rsa.KeyId, urls) }
            : new ECDsaSecurityKey(_ec.ECDsa) { KeyId = KeyUrl(_ec.KeyId, urls) };
        var credentials = new SigningCredentials(key, algorithm == SigningAlgorithm.RS256 ? SecurityAlgorithms.RsaSha256 : SecurityAlgorithms.EcdsaSha256);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(payload.GetRawText(), credentials);
    }

    private PublicJsonWebKey Jwk(SigningAlgorithm algorithm, PublicUrls urls)
    {
        if (algorithm == SigningAlgorithm.RS256)
        {
            var rsa = _rsa.Rsa.ExportParameters(includePrivateParameters: false);
            return new PublicJsonWebKey("RSA", KeyUrl(_rsa.KeyId, urls), "sig", "RS256", N: Base64UrlEncoder.Encode(rsa.Modulus), E: Base64UrlEncoder.Encode(rsa.Exponent));
        }

        var ec = _ec.ECDsa.ExportParameters(includePrivateParameters: false);
        return new PublicJsonWebKey("EC", KeyUrl(_ec.KeyId, urls), "sig", "ES256", Crv: "P-256", X: Base64UrlEncoder.Encode(ec.Q.X), Y: Base64UrlEncoder.Encode(ec.Q.Y));
    }

    private static string KeyUrl(string thumbprint, PublicUrls urls) => urls.Absolute(CertificatesApiPaths.IssuerKey(thumbprint));

    /// <summary>Imports the configured key, else the one kept in <paramref name="path"/>, else a new one written there.</summary>
    private static void Load(AsymmetricAlgorithm key, string? pem, string path, Func<AsymmetricAlgorithm> create, ILogger logger)
    {
        if (pem is { Length: > 0 })
        {
            key.ImportFromPem(pem);
            return;
        }

        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
            return;
        }

        using var fresh = create();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Readable by the service's user only, from the moment it exists.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var text = fresh.ExportPkcs8PrivateKeyPem();
        using (var file = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            file.Write(text);
        }

        key.ImportFromPem(text);
        logger.LogWarning("No certificate signing key configured: generated one in {Path}. Configure the same keys on every instance in production.", path);
    }
}

/// <summary>The public keys that verify credentials (RFC 7517).</summary>
public sealed record PublicKeySet([property: JsonPropertyName("keys")] IReadOnlyList<PublicJsonWebKey> Keys);

/// <summary>One public key (RFC 7517; RFC 7518 §6.2 for an elliptic-curve key, §6.3 for an RSA key); never a private part.</summary>
public sealed record PublicJsonWebKey(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("use")] string Use,
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("n"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? N = null,
    [property: JsonPropertyName("e"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? E = null,
    [property: JsonPropertyName("crv"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Crv = null,
    [property: JsonPropertyName("x"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? X = null,
    [property: JsonPropertyName("y"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Y = null);
