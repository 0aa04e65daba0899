using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// Signs Open Badges credentials with an ES256 key (P-256) and publishes its public half as a JWKS.
/// The key comes from <c>Certificates:SigningKeyPem</c> (a PKCS#8 PEM); when none is configured one is
/// generated once and kept in the data folder, which suits one machine, not several instances.
/// </summary>
public sealed class CertificateSigner
{
    private readonly ECDsaSecurityKey _key;
    private readonly SigningCredentials _credentials;

    public CertificateSigner(IConfiguration configuration, string dataFolder, ILogger<CertificateSigner> logger)
    {
        var ecdsa = ECDsa.Create();
        if (configuration["Certificates:SigningKeyPem"] is { Length: > 0 } pem)
        {
            ecdsa.ImportFromPem(pem);
        }
        else
        {
            var path = Path.Combine(dataFolder, "keys", "certificate-signing-key.pem");
            if (File.Exists(path))
            {
                ecdsa.ImportFromPem(File.ReadAllText(path));
            }
            else
            {
                ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    // Readable by the service's user only, from the moment it exists.
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var file = new StreamWriter(path, System.Text.Encoding.ASCII, options))
                {
                    file.Write(ecdsa.ExportPkcs8PrivateKeyPem());
                }

                logger.LogWarning("No Certificates:SigningKeyPem configured: generated a certificate signing key in {Path}. Configure one key for every instance in production.", path);
            }
        }

        if (ecdsa.ExportParameters(includePrivateParameters: false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new InvalidOperationException("Certificates:SigningKeyPem must be a P-256 (ES256) private key.");
        }

        _key = new ECDsaSecurityKey(ecdsa);
        _key.KeyId = Base64UrlEncoder.Encode(_key.ComputeJwkThumbprint());
        _credentials = new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256);
    }

    public string KeyId => _key.KeyId;

    /// <summary>The public key set, as served at <c>/.well-known/jwks.json</c>.</summary>
    public PublicKeySet Jwks()
    {
        var parameters = _key.ECDsa.ExportParameters(includePrivateParameters: false);
        return new PublicKeySet([new PublicJsonWebKey("EC", "P-256", Base64UrlEncoder.Encode(parameters.Q.X), Base64UrlEncoder.Encode(parameters.Q.Y), KeyId, "sig", "ES256")]);
    }

    /// <summary>Signs a verifiable credential (VC-JOSE: the payload is the credential itself) as a compact JWS.</summary>
    public string Sign(JsonElement credential) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(
            credential.GetRawText(),
            _credentials,
            new Dictionary<string, object> { ["typ"] = "vc+jwt", ["cty"] = "vc" });
}

/// <summary>The public keys that verify credentials (RFC 7517).</summary>
public sealed record PublicKeySet(IReadOnlyList<PublicJsonWebKey> Keys);

/// <summary>One public key (RFC 7517, RFC 7518 §6.2 for an elliptic-curve key).</summary>
public sealed record PublicJsonWebKey(
    [property: System.Text.Json.Serialization.JsonPropertyName("kty")] string Kty,
    [property: System.Text.Json.Serialization.JsonPropertyName("crv")] string Crv,
    [property: System.Text.Json.Serialization.JsonPropertyName("x")] string X,
    [property: System.Text.Json.Serialization.JsonPropertyName("y")] string Y,
    [property: System.Text.Json.Serialization.JsonPropertyName("kid")] string Kid,
    [property: System.Text.Json.Serialization.JsonPropertyName("use")] string Use,
    [property: System.Text.Json.Serialization.JsonPropertyName("alg")] string Alg);
