using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Certificates;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.Features.Learning;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using static HiParis.Mooc.IntegrationTests.Features.Certificates.CertificateFixtures;

namespace HiParis.Mooc.IntegrationTests.Features.Certificates;

/// <summary>
/// Issued credentials checked the way a verifier outside the project checks them (<see cref="OpenBadgeVerifier"/>,
/// and jose with ajv in Node): they pass while the certificate stands, and fail once it is revoked.
/// </summary>
public sealed class OutsideVerifierTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(Shipped);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("", "RS256")]
    [InlineData("?alg=ES256", "ES256")]
    public async Task Credential_PassesAnOutsideVerifier_AndFailsItOnceRevoked(string query, string alg)
    {
        await api.LearnerAsync("ada@example.org", "Ada Lovelace");
        var admin = await api.AdminAsync();
        var code = (await admin.IssueAsync("ada@example.org")).GetProperty("code").GetString()!;
        var jwt = await api.CreateClient().GetStringAsync(CertificatesApiPaths.Credential(code) + query, Ct);
        var verifier = new OpenBadgeVerifier(api.CreateClient(), api.Clock.GetUtcNow());

        var before = await verifier.VerifyAsync(jwt);
        (await admin.PostAsJsonAsync(CertificatesApiPaths.Revoke(code), new { reason = "Answers copied from another learner", category = "academic_misconduct" }, Ct)).EnsureSuccessStatusCode();
        var after = await verifier.VerifyAsync(jwt);

        Assert.True(before.Verified, before.Reason);
        Assert.Equal(alg, Header(jwt).GetProperty("alg").GetString());
        Assert.False(after.Verified);
        Assert.Equal("revocation: the status bit is set", after.Reason);
    }

    [Fact]
    public async Task Credential_PassesJoseAndAjv_AgainstThePublishedKeysAndTheOfficialSchema()
    {
        await api.LearnerAsync("grace@example.org", "Grace Hopper");
        var admin = await api.AdminAsync();
        var code = (await admin.IssueAsync("grace@example.org")).GetProperty("code").GetString()!;
        var anonymous = api.CreateClient();
        var folder = Directory.CreateTempSubdirectory("mooc-jose-");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "jwks.json"), await anonymous.GetStringAsync(CertificatesApiPaths.Jwks, Ct), Ct);
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "now.txt"), api.Clock.GetUtcNow().ToString("O"), Ct);

        List<string> outputs = [];
        foreach (var query in new[] { "", "?alg=ES256" })
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "credential.jwt"), await anonymous.GetStringAsync(CertificatesApiPaths.Credential(code) + query, Ct), Ct);
            outputs.Add((await NodeAsync(folder.FullName)).Trim());
        }

        Assert.Equal(["verified RS256", "verified ES256"], outputs);
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Credential_NamesTheHolderByAnIdentifier_AndASubjectOfItsOwn_WithHonestCriteria()
    {
        // A learner the rule passes once a new version lowers it, who claims; another gets an exception.
        var strict = Shipped with { Certificate = new CertificateRule(1m, null, null) };
        await api.ImportAsync(strict);
        var learner = await api.LearnerAsync("claim@example.org", "Émilie du Châtelet");
        await learner.TakeQuizAsync(Slug, Shipped.Modules[0].GradedQuiz());
        await api.ImportAsync(strict with { Certificate = new CertificateRule(0.25m, null, null) });
        var claimed = await (await learner.PostAsync(CertificatesApiPaths.Claim(Slug), null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        await api.LearnerAsync("exception@example.org", "Sophie Germain");
        var admin = await api.AdminAsync();
        var exception = await admin.IssueAsync("exception@example.org");

        var automatic = await PayloadAsync(claimed.GetProperty("code").GetString()!);
        var byException = await PayloadAsync(exception.GetProperty("code").GetString()!);

        var subject = automatic.GetProperty("credentialSubject");
        Assert.False(subject.TryGetProperty("name", out _));
        var identifier = Assert.Single(subject.GetProperty("identifier").EnumerateArray());
        Assert.Equal(("IdentityObject", "name", false, "Émilie du Châtelet"), (identifier.GetProperty("type").GetString(), identifier.GetProperty("identityType").GetString(), identifier.GetProperty("hashed").GetBoolean(), identifier.GetProperty("identityHash").GetString()));
        Assert.StartsWith("urn:uuid:", subject.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(subject.GetProperty("id").GetString(), byException.GetProperty("credentialSubject").GetProperty("id").GetString());
        var achievement = subject.GetProperty("achievement");
        Assert.Equal(
            "Awarded automatically when the learner met the course's certificate rule (course version 3): a course grade of at least 25% across the course's graded quizzes.",
            achievement.GetProperty("criteria").GetProperty("narrative").GetString());
        Assert.StartsWith("Completion of the Hi! PARIS online course “Understanding AI", achievement.GetProperty("description").GetString(), StringComparison.Ordinal);
        var other = byException.GetProperty("credentialSubject").GetProperty("achievement");
        Assert.StartsWith("Awarded as an exception", other.GetProperty("criteria").GetProperty("narrative").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("%", other.GetProperty("criteria").GetProperty("narrative").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(achievement.GetProperty("id").GetString(), other.GetProperty("id").GetString());
        var image = await api.CreateClient().GetAsync(achievement.GetProperty("image").GetProperty("id").GetString(), Ct);
        Assert.Equal("image/svg+xml", image.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Understanding AI", await image.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reinstate_GivesANewStatusEntry_SoFreshCopiesVerify_AndCopiesSignedBeforeStayRevoked()
    {
        await api.LearnerAsync("back@example.org", "Mary Somerville");
        var admin = await api.AdminAsync();
        var code = (await admin.IssueAsync("back@example.org")).GetProperty("code").GetString()!;
        var anonymous = api.CreateClient();
        var old = await anonymous.GetStringAsync(CertificatesApiPaths.Credential(code), Ct);
        (await admin.PostAsJsonAsync(CertificatesApiPaths.Revoke(code), new { reason = "Wrong learner picked", category = "issued_in_error" }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(CertificatesApiPaths.Reinstate(code), new { reason = "It was the right learner after all" }, Ct)).EnsureSuccessStatusCode();

        var fresh = await anonymous.GetStringAsync(CertificatesApiPaths.Credential(code), Ct);
        var verifier = new OpenBadgeVerifier(anonymous, api.Clock.GetUtcNow());

        Assert.True((await verifier.VerifyAsync(fresh)).Verified);
        Assert.False((await verifier.VerifyAsync(old)).Verified);
        var indexes = new[] { old, fresh }.Select(jwt => Payload(jwt).GetProperty("credentialStatus").GetProperty("statusListIndex").GetString()).ToList();
        Assert.NotEqual(indexes[0], indexes[1]);
        Assert.Equal(2, await api.CountRowsAsync("certificate_status_entries"));
    }

    [Fact]
    public async Task StatusEntries_TakeTheirIndexFromASequence_AndTheDatabaseRefusesTwoOnOneBit()
    {
        await api.LearnerAsync("one@example.org");
        await api.LearnerAsync("two@example.org");
        var admin = await api.AdminAsync();
        await Task.WhenAll(admin.IssueAsync("one@example.org"), admin.IssueAsync("two@example.org"));
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var duplicate = new NpgsqlCommand("INSERT INTO certificate_status_entries (id, certificate_id, index, created_at) SELECT gen_random_uuid(), certificate_id, index, now() FROM certificate_status_entries LIMIT 1", connection);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => duplicate.ExecuteNonQueryAsync(Ct));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, refused.SqlState);
        await using var distinct = new NpgsqlCommand("SELECT count(DISTINCT index) FROM certificate_status_entries", connection);
        Assert.Equal(2L, await distinct.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task PublicDocuments_AreCacheable_ReadableFromAnyOrigin_AndAnAlgorithmNotOfferedIs400()
    {
        await api.LearnerAsync("docs@example.org");
        var admin = await api.AdminAsync();
        var code = (await admin.IssueAsync("docs@example.org")).GetProperty("code").GetString()!;
        var anonymous = api.CreateClient();

        var list = await anonymous.GetAsync(CertificatesApiPaths.StatusList(0), Ct);
        var missing = await anonymous.GetAsync(CertificatesApiPaths.StatusList(7), Ct);
        var hs256 = await anonymous.GetAsync(CertificatesApiPaths.Credential(code) + "?alg=HS256", Ct);
        var jwks = await anonymous.GetFromJsonAsync<JsonElement>(CertificatesApiPaths.Jwks, Ct);

        Assert.Equal("public, max-age=60", list.Headers.CacheControl?.ToString());
        Assert.Equal("*", list.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("application/jwt", list.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, hs256.StatusCode);
        Assert.True((await hs256.ReadProblemAsync()).GetProperty("errors").TryGetProperty("alg", out _));
        Assert.Equal(["RS256", "ES256"], jwks.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("alg").GetString()));
        Assert.All(jwks.GetProperty("keys").EnumerateArray(), key => Assert.False(key.TryGetProperty("d", out _)));
    }

    private async Task<JsonElement> PayloadAsync(string code) => Payload(await api.CreateClient().GetStringAsync(CertificatesApiPaths.Credential(code), Ct));

    private static JsonElement Payload(string jwt) => JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[1])).RootElement;

    private static JsonElement Header(string jwt) => JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[0])).RootElement;

    private static readonly SemaphoreSlim Install = new(1, 1);

    private static async Task<string> NodeAsync(string folder)
    {
        var tools = Path.Combine(MoocApiFactory.RepositoryRoot, "tests", "credentials");
        await InstallToolsAsync(tools);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(tools, "verify.mjs"));
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"node verify.mjs exited {process.ExitCode}: {error}");
        return output;
    }

    /// <summary>The verifier's tools (jose, ajv) as its lock file names them, installed on a fresh clone's first run.</summary>
    private static async Task InstallToolsAsync(string tools)
    {
        await Install.WaitAsync(Ct);
        try
        {
            if (Directory.Exists(Path.Combine(tools, "node_modules", "jose")))
            {
                return;
            }

            var start = new ProcessStartInfo("npm") { WorkingDirectory = tools, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--silent" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(Ct);
            var error = await process.StandardError.ReadToEndAsync(Ct);
            await output;
            await process.WaitForExitAsync(Ct);
            Assert.True(process.ExitCode == 0, $"npm ci in tests/credentials exited {process.ExitCode}: {error}");
        }
        finally
        {
            Install.Release();
        }
    }
}
