using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Certificates;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.Features.Courses;
using HiParis.Mooc.IntegrationTests.Features.Learning;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static HiParis.Mooc.IntegrationTests.Features.Certificates.CertificateFixtures;

namespace HiParis.Mooc.IntegrationTests.Features.Certificates;

public sealed class CertificateTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>, IAsyncLifetime
{
    private static readonly CoursePackage Shipped = CoursePackageFixtures.Read(CoursePackageFixtures.ShippedCourse);

    public async ValueTask InitializeAsync()
    {
        await api.ResetAsync();
        await api.ImportAsync(Shipped);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CompletingTheCourse_WithPassingScores_IssuesACertificate_WithoutAnyAdmin()
    {
        var learner = await api.LearnerAsync("ada@example.org", "Ada Lovelace");

        await api.CompleteCourseAsync(learner, Shipped, "q1");

        var mine = await learner.GetFromJsonAsync<JsonElement>(CertificatesApiPaths.MyCertificates, Ct);
        var certificate = Assert.Single(mine.EnumerateArray());
        Assert.Equal("issued", certificate.GetProperty("certificate").GetProperty("state").GetString());
        Assert.Equal("automatic", certificate.GetProperty("certificate").GetProperty("kind").GetString());
        Assert.Equal("Ada Lovelace", certificate.GetProperty("certificate").GetProperty("holderName").GetString());
        var scores = certificate.GetProperty("scores");
        Assert.Equal(1, scores.GetProperty("courseVersion").GetInt32());

        // Issued the moment the rule was met: three weeks of passed quizzes give the grade (three quarters of
        // the weight at eleven twelfths ≥ 60%), and the lessons rule (80% of the videos) is met in week 4.
        var videos = Shipped.Items.OfType<VideoLessonSpec>().Count();
        var needed = (int)Math.Ceiling(Shipped.Certificate.MinLessonsCompleted!.Value * videos);
        Assert.True(needed > Shipped.Modules.Take(3).Sum(module => module.Items.OfType<VideoLessonSpec>().Count()));
        Assert.Equal(needed, scores.GetProperty("lessonsCompleted").GetInt32());
        Assert.True(scores.GetProperty("grade").GetDecimal() >= 0.6m);
        Assert.Equal(0m, scores.GetProperty("quizzes").GetProperty("society-quiz").GetDecimal());
        var grade = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Grade(Slug), Ct);
        Assert.True(grade.GetProperty("certificate").GetProperty("eligible").GetBoolean());
        Assert.Equal(videos, grade.GetProperty("lessonsCompleted").GetInt32());
        var mail = Assert.Single(api.Mailbox.MessagesTo("ada@example.org"), message => message.Subject?.Contains("certificate", StringComparison.OrdinalIgnoreCase) == true);
        Assert.Contains(certificate.GetProperty("certificate").GetProperty("verificationUrl").GetString()!, mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(1, await api.CountRowsAsync("certificates"));
    }

    [Fact]
    public async Task CompletingTheCourse_WithFailingScores_IssuesNone_AndTheGradeSaysWhy()
    {
        var learner = await api.LearnerAsync("bob@example.org");

        // Every answer wrong: a grade of zero, whichever questions an attempt asks.
        await api.CompleteCourseAsync(learner, Shipped, [.. Shipped.Quizzes.SelectMany(quiz => quiz.Questions).Select(question => question.Key).Distinct()]);

        Assert.Equal(0, await api.CountRowsAsync("certificates"));
        var grade = await learner.GetFromJsonAsync<JsonElement>(LearningApiPaths.Grade(Slug), Ct);
        var rules = grade.GetProperty("certificate").GetProperty("rules").EnumerateArray().ToList();
        Assert.False(rules.Single(rule => rule.GetProperty("rule").GetString() == "min_grade").GetProperty("met").GetBoolean());
        Assert.True(rules.Single(rule => rule.GetProperty("rule").GetString() == "min_lessons_completed").GetProperty("met").GetBoolean());
        Assert.StartsWith("Course grade: ", rules[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        var claim = await learner.PostAsync(CertificatesApiPaths.Claim(Slug), null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, claim.StatusCode);
        Assert.Equal("certificate.not-eligible", (await claim.ReadProblemAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task FiftyParallelTriggers_IssueExactlyOneCertificate()
    {
        // A learner who meets the rule only once a new version lowers it: nothing they do triggers
        // issuance, so fifty requests race to issue it at once.
        var strict = Shipped with { Certificate = new CertificateRule(1m, null, null) };
        await api.ImportAsync(strict);
        var learner = await api.LearnerAsync("race@example.org");
        await learner.TakeQuizAsync(Slug, Shipped.GradedQuizzes().First());
        Assert.Equal(0, await api.CountRowsAsync("certificates"));
        await api.ImportAsync(strict with { Certificate = new CertificateRule(0.25m, null, null) });

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => learner.PostAsync(CertificatesApiPaths.Claim(Slug), null, Ct)));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Created);
        Assert.Equal(49, responses.Count(response => response.StatusCode == HttpStatusCode.OK));
        var codes = await Task.WhenAll(responses.Select(async response => (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString()));
        Assert.Single(codes.Distinct());
        Assert.Equal(1, await api.CountRowsAsync("certificates"));
        Assert.Single(api.Mailbox.MessagesTo("race@example.org"), message => message.Subject?.Contains("certificate", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public async Task Revoked_SaysSoInJsonAndOnThePage_RefusesTheCredential_AndIsAudited()
    {
        await api.LearnerAsync("revoked@example.org", "Eve Example");
        var admin = await api.AdminAsync();
        var code = (await admin.IssueAsync("revoked@example.org")).GetProperty("code").GetString()!;

        api.Clock.Advance(TimeSpan.FromDays(1));
        var revoke = await admin.PostAsJsonAsync(CertificatesApiPaths.Revoke(code), new { reason = "Identity fraud established", category = "identity_not_confirmed" }, Ct);
        var anonymous = api.CreateClient();
        var json = await anonymous.GetFromJsonAsync<JsonElement>(CertificatesApiPaths.Certificate(code), Ct);
        var page = await anonymous.GetAsync(CertificatesApiPaths.Verify(code), Ct);
        var credential = await anonymous.GetAsync(CertificatesApiPaths.Credential(code), Ct);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal("revoked", json.GetProperty("state").GetString());
        Assert.Equal("identity_not_confirmed", json.GetProperty("revocationCategory").GetString());
        Assert.Equal("Identity not confirmed", json.GetProperty("revocationReason").GetString());
        Assert.DoesNotContain("fraud", json.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(TestClock.Start.AddDays(1), json.GetProperty("revokedAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Revoked on December 2, 2026. Reason: Identity not confirmed", html, StringComparison.Ordinal);
        Assert.DoesNotContain("fraud", html, StringComparison.Ordinal);
        Assert.Contains("Eve Example", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, credential.StatusCode);
        var gone = await credential.ReadProblemAsync();
        Assert.Equal("certificate.revoked", gone.GetProperty("code").GetString());
        Assert.Equal("Identity not confirmed", gone.GetProperty("detail").GetString());
        var audit = await api.WithScopeAsync<MoocDbContext, List<string>>(db => db.AuditLog.OrderBy(entry => entry.At).ThenBy(entry => entry.Id).Select(entry => entry.Action + ": " + entry.Reason).ToListAsync(Ct));
        Assert.Equal(["certificate.issue-exception: Completed the course on paper during a hospital stay", "certificate.revoke: Identity fraud established"], audit);
    }

    [Fact]
    public async Task Reissue_GivesANewCode_AndTheOldOneSaysItWasSuperseded()
    {
        var learner = await api.LearnerAsync("renamed@example.org", "Jean Dupont");
        var admin = await api.AdminAsync();
        var old = (await admin.IssueAsync("renamed@example.org")).GetProperty("code").GetString()!;

        var reissue = await admin.PostAsJsonAsync(CertificatesApiPaths.Reissue(old), new { reason = "Legal name changed", holderName = "Jeanne Dupont" }, Ct);
        var fresh = await reissue.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var oldJson = await api.CreateClient().GetFromJsonAsync<JsonElement>(CertificatesApiPaths.Certificate(old), Ct);
        using var french = new HttpRequestMessage(HttpMethod.Get, CertificatesApiPaths.Verify(old));
        french.Headers.AcceptLanguage.ParseAdd("fr-FR");
        var page = WebUtility.HtmlDecode(await (await api.CreateClient().SendAsync(french, Ct)).Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, reissue.StatusCode);
        Assert.Equal("superseded", fresh.GetProperty("state").GetString());
        var newCode = fresh.GetProperty("supersededBy").GetString()!;
        Assert.NotEqual(old, newCode);
        Assert.Equal("Legal name changed", oldJson.GetProperty("supersessionReason").GetString());
        Assert.Contains($"Remplacé le 1er décembre 2026 par le certificat {newCode}. Motif\u00A0: Legal name changed", page, StringComparison.Ordinal);
        Assert.Contains("lang=\"fr\"", page, StringComparison.Ordinal);
        var current = await api.CreateClient().GetFromJsonAsync<JsonElement>(CertificatesApiPaths.Certificate(newCode), Ct);
        Assert.Equal("issued", current.GetProperty("state").GetString());
        Assert.Equal("Jeanne Dupont", current.GetProperty("holderName").GetString());
        var mine = await learner.GetFromJsonAsync<JsonElement>(CertificatesApiPaths.MyCertificates, Ct);
        Assert.Equal(["superseded", "issued"], mine.EnumerateArray().Select(c => c.GetProperty("certificate").GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Reissue_KeepsTheDateOfIssueAndTheScores_AndRefusesABlankName()
    {
        var learner = await api.LearnerAsync("scores@example.org", "Ada Byron");
        await learner.TakeQuizAsync(Slug, Shipped.GradedQuizzes().First());
        var admin = await api.AdminAsync();
        var code = (await admin.IssueAsync("scores@example.org")).GetProperty("code").GetString()!;
        api.Clock.Advance(TimeSpan.FromDays(30));

        var blank = await admin.PostAsJsonAsync(CertificatesApiPaths.Reissue(code), new { reason = "Name change", holderName = "   " }, Ct);
        var reissued = await admin.PostAsJsonAsync(CertificatesApiPaths.Reissue(code), new { reason = "Name change", holderName = "Ada King" }, Ct);
        var mine = await learner.GetFromJsonAsync<JsonElement>(CertificatesApiPaths.MyCertificates, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reissued.StatusCode);
        var current = mine.EnumerateArray().Single(c => c.GetProperty("certificate").GetProperty("state").GetString() == "issued");
        Assert.Equal(TestClock.Start, current.GetProperty("certificate").GetProperty("issuedAt").GetDateTimeOffset());
        Assert.Equal(1m, current.GetProperty("scores").GetProperty("quizzes").GetProperty("origins-quiz").GetDecimal());
        Assert.Equal(0.25m, current.GetProperty("scores").GetProperty("grade").GetDecimal());
    }

    [Fact]
    public async Task Reinstate_UndoesARevocation_ButNotWhileAnotherIsCurrent()
    {
        await api.LearnerAsync("undo@example.org");
        var admin = await api.AdminAsync();
        var first = (await admin.IssueAsync("undo@example.org")).GetProperty("code").GetString()!;
        (await admin.PostAsJsonAsync(CertificatesApiPaths.Revoke(first), new { reason = "Wrong learner", category = "issued_in_error" }, Ct)).EnsureSuccessStatusCode();
        var second = (await admin.IssueAsync("undo@example.org", "Issued to the right record this time")).GetProperty("code").GetString()!;

        var blocked = await admin.PostAsJsonAsync(CertificatesApiPaths.Reinstate(first), new { reason = "Revoked by mistake" }, Ct);
        (await admin.PostAsJsonAsync(CertificatesApiPaths.Revoke(second), new { reason = "Duplicate", category = "issued_in_error" }, Ct)).EnsureSuccessStatusCode();
        var reinstated = await admin.PostAsJsonAsync(CertificatesApiPaths.Reinstate(first), new { reason = "Revoked by mistake" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Equal("certificate.already-current", (await blocked.ReadProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, reinstated.StatusCode);
        Assert.Equal("issued", (await reinstated.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task AdminActions_NeedAnAdminAndAReason_AndAnIssuedCertificateCannotBeIssuedTwice()
    {
        var learner = await api.LearnerAsync("rules@example.org");
        var admin = await api.AdminAsync();

        var byLearner = await learner.PostAsJsonAsync(CertificatesApiPaths.AdminIssue, new { email = "rules@example.org", course = Slug, reason = "I deserve it" }, Ct);
        var noReason = await admin.PostAsJsonAsync(CertificatesApiPaths.AdminIssue, new { email = "rules@example.org", course = Slug, reason = "" }, Ct);
        await admin.IssueAsync("rules@example.org");
        var twice = await admin.PostAsJsonAsync(CertificatesApiPaths.AdminIssue, new { email = "rules@example.org", course = Slug, reason = "Once more" }, Ct);
        var unknownLearner = await admin.PostAsJsonAsync(CertificatesApiPaths.AdminIssue, new { email = "nobody@example.org", course = Slug, reason = "Nobody" }, Ct);
        var code = (await (await learner.GetAsync(CertificatesApiPaths.MyCertificates, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct))[0].GetProperty("certificate").GetProperty("code").GetString()!;
        var noCategory = await admin.PostAsJsonAsync(CertificatesApiPaths.Revoke(code), new { reason = "Wrong learner" }, Ct);
        var unknownCategory = await admin.PostAsJsonAsync(CertificatesApiPaths.Revoke(code), new { reason = "Wrong learner", category = "because" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, byLearner.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noCategory.StatusCode);
        Assert.True((await noCategory.ReadProblemAsync()).GetProperty("errors").TryGetProperty("category", out _));
        Assert.Equal(HttpStatusCode.BadRequest, unknownCategory.StatusCode);
        await unknownCategory.ReadProblemAsync();
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.ReadProblemAsync()).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownLearner.StatusCode);
        Assert.Equal(1, await api.CountRowsAsync("certificates"));
        Assert.Equal(1, await api.CountRowsAsync("audit_log"));
    }

    [Theory]
    [InlineData("0000-0000-0000-0000")]
    [InlineData("not-a-code")]
    [InlineData("%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    public async Task UnknownCode_Is404_AsAPageAndAsJson(string code)
    {
        var anonymous = api.CreateClient();

        var json = await anonymous.GetAsync(CertificatesApiPaths.Certificate(code), Ct);
        var page = await anonymous.GetAsync(CertificatesApiPaths.Verify(code), Ct);

        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        await json.ReadProblemAsync();
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Certificate not found", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_VerifiesWithThePublishedKeys_AndTamperingIsDetected()
    {
        await api.LearnerAsync("badge@example.org", "Grace Hopper");
        var admin = await api.AdminAsync();
        var code = (await admin.IssueAsync("badge@example.org")).GetProperty("code").GetString()!;
        var anonymous = api.CreateClient();

        var response = await anonymous.GetAsync(CertificatesApiPaths.Credential(code), Ct);
        var jwt = await response.Content.ReadAsStringAsync(Ct);
        var jwks = new JsonWebKeySet(await anonymous.GetStringAsync(CertificatesApiPaths.Jwks, Ct));

        Assert.Equal("application/jwt", response.Content.Headers.ContentType?.MediaType);
        var issuer = new Uri(new Uri((await admin.GetFromJsonAsync<JsonElement>(CertificatesApiPaths.Certificate(code), Ct)).GetProperty("verificationUrl").GetString()!), CertificatesApiPaths.Issuer).ToString();
        var valid = await ValidateAsync(jwt, jwks, issuer);
        Assert.True(valid.IsValid, valid.Exception?.Message);
        var token = (JsonWebToken)valid.SecurityToken;
        Assert.Equal("RS256", token.Alg);
        Assert.Equal("JWT", token.Typ);
        Assert.Equal(jwks.Keys.First().Kid, token.Kid);
        Assert.StartsWith(issuer + "/keys/", token.Kid, StringComparison.Ordinal);
        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[1])).RootElement;
        Assert.Equal("https://www.w3.org/ns/credentials/v2", payload.GetProperty("@context")[0].GetString());
        Assert.Contains("OpenBadgeCredential", payload.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Grace Hopper", payload.GetProperty("credentialSubject").GetProperty("identifier")[0].GetProperty("identityHash").GetString());
        Assert.Equal(payload.GetProperty("sub").GetString(), payload.GetProperty("credentialSubject").GetProperty("id").GetString());
        Assert.StartsWith("urn:uuid:", payload.GetProperty("sub").GetString(), StringComparison.Ordinal);
        Assert.Equal("Certificate", payload.GetProperty("credentialSubject").GetProperty("achievement").GetProperty("achievementType").GetString());

        var parts = jwt.Split('.');
        var forgedPayload = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(Base64UrlEncoder.Decode(parts[1]).Replace("Grace Hopper", "Mallory", StringComparison.Ordinal)));
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[5] ^= 0x01;
        Assert.False((await ValidateAsync($"{parts[0]}.{forgedPayload}.{parts[2]}", jwks, issuer)).IsValid);
        Assert.False((await ValidateAsync($"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}", jwks, issuer)).IsValid);
    }

    [Fact]
    public async Task Pdf_ShowsTheNameAndCode_AndItsQrCodeOpensTheVerificationPage()
    {
        await api.LearnerAsync("pdf@example.org", "Marie Curie");
        var admin = await api.AdminAsync();
        var certificate = await admin.IssueAsync("pdf@example.org");
        var code = certificate.GetProperty("code").GetString()!;
        var folder = Directory.CreateTempSubdirectory("mooc-pdf-");

        var response = await api.CreateClient().GetAsync(CertificatesApiPaths.Pdf(code), Ct);
        var pdf = Path.Combine(folder.FullName, "certificate.pdf");
        await File.WriteAllBytesAsync(pdf, await response.Content.ReadAsByteArrayAsync(Ct), Ct);

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var text = await RunAsync("pdftotext", "-layout", pdf, "-");
        Assert.Contains("Marie Curie", text, StringComparison.Ordinal);
        Assert.Contains(code, text, StringComparison.Ordinal);
        Assert.Contains("Certificate of completion", text, StringComparison.Ordinal);
        var info = await RunAsync("pdfinfo", pdf);
        Assert.Matches(@"Pages:\s+1\n", info);
        Assert.Matches(@"Page size:\s+842 x 595 pts \(A4\)", info);
        await RunAsync("pdftoppm", "-r", "150", "-png", "-singlefile", pdf, Path.Combine(folder.FullName, "page"));
        var qr = await RunAsync("zbarimg", "--quiet", "--raw", Path.Combine(folder.FullName, "page.png"));
        Assert.Equal(certificate.GetProperty("verificationUrl").GetString(), qr.Trim());
        Assert.EndsWith(CertificatesApiPaths.Verify(code), qr.Trim(), StringComparison.Ordinal);
        folder.Delete(recursive: true);
    }

    private static Task<TokenValidationResult> ValidateAsync(string jwt, JsonWebKeySet jwks, string issuer) =>
        new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidIssuer = issuer,
            ValidateAudience = false,
            ValidateLifetime = false,
            ValidTypes = ["JWT"],
        });

    internal static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            throw new InvalidOperationException($"'{program}' is needed by this test: apt-get install -y poppler-utils zbar-tools ({missing.Message})", missing);
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, $"{program} exited {process.ExitCode}: {error}");
            return output;
        }
    }
}
