using System.Diagnostics;
using System.Globalization;

namespace HiParis.Mooc.Reliability;

/// <summary>
/// The "at most one" rules raced across two API processes on one database: every burst alternates its
/// requests between instance A and instance B, and the database is read afterwards.
/// </summary>
internal static class RaceRun
{
    private const int Burst = 40;

    public static async Task<int> RunAsync(DriverSettings settings)
    {
        var report = new Report();
        using var api = new Api(settings);
        await using var db = new Database(settings.Database);
        var tag = DateTime.UtcNow.ToString("HHmmssfff", CultureInfo.InvariantCulture);

        await TokensAcrossInstancesAsync(api, db, report, tag);
        var learner = await api.SignUpAsync(0, $"enrol-{tag}@reliability.test", db);
        await EnrolmentAsync(api, db, report, learner);
        await AttemptsAsync(api, db, report, await EnrolledAsync(api, db, $"attempts-{tag}@reliability.test"));
        await HeartbeatsAsync(api, db, report, await EnrolledAsync(api, db, $"heartbeats-{tag}@reliability.test"));
        var code = await CertificatesAsync(api, db, report, settings, tag);
        var admin = await api.LoginAsync(0, DriverSettings.AdminEmail, DriverSettings.AdminPassword, db);
        await RevocationAsync(api, report, settings, admin, code);
        await EndedSessionAsync(api, db, report, settings, admin, $"session-{tag}@reliability.test");
        return report.Finish("race run");
    }

    /// <summary>
    /// Both instances start with an empty key ring: learners register on both at once (each sends a
    /// confirmation e-mail, so each instance needs a key), then tokens cross over.
    /// </summary>
    private static async Task TokensAcrossInstancesAsync(Api api, Database db, Report report, string tag)
    {
        Report.Step("cold start: registrations on A and B at once, then tokens used on the other instance");
        var accounts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => api.SignUpAsync(i, $"token-{tag}-{i}@reliability.test", db)));
        var crossed = await Task.WhenAll(accounts.Select((account, i) => api.SendAsync(i + 1, HttpMethod.Get, Paths.Me, account.AccessToken)));
        var refreshed = await Task.WhenAll(accounts.Select((account, i) => api.SendAsync(i + 1, HttpMethod.Post, Paths.Refresh, body: new { refreshToken = account.RefreshToken })));
        var keys = await db.ScalarAsync<long>("SELECT count(*) FROM data_protection_keys");
        report.Check(
            "a bearer token (and a refresh token) minted on one instance is accepted by the other",
            crossed.All(reply => reply.Ok) && refreshed.All(reply => reply.Ok),
            $"{crossed.Count(reply => reply.Ok)}/{crossed.Length} access, {refreshed.Count(reply => reply.Ok)}/{refreshed.Length} refresh tokens accepted across instances");
        report.Check(
            "one Data Protection key ring: a single key after a cold start of both instances",
            keys == 1,
            $"{keys} key(s) in data_protection_keys");

        var jwksA = await api.SendAsync(0, HttpMethod.Get, Paths.Jwks);
        var jwksB = await api.SendAsync(1, HttpMethod.Get, Paths.Jwks);
        // A key's kid is its address on the instance that serves it (ADR 21); the keys themselves must be the same.
        var (keysA, keysB) = (KeyMaterial(jwksA.Body), KeyMaterial(jwksB.Body));
        report.Check("both instances publish the same credential-signing keys", jwksA.Ok && jwksB.Ok && keysA.Count > 0 && keysA.SequenceEqual(keysB), $"JWKS A {jwksA.Status} ({keysA.Count} keys), B {jwksB.Status} ({keysB.Count} keys), same key material: {keysA.SequenceEqual(keysB)}");
    }

    /// <summary>Each key of a JWK set without its kid, as text, in order.</summary>
    private static List<string> KeyMaterial(System.Text.Json.JsonElement set) =>
        set.ValueKind == System.Text.Json.JsonValueKind.Object && set.TryGetProperty("keys", out var keys)
            ? [.. keys.EnumerateArray().Select(key => string.Join(",", key.EnumerateObject().Where(member => member.Name != "kid").Select(member => $"{member.Name}={member.Value.GetRawText()}")))]
            : [];

    private static async Task EnrolmentAsync(Api api, Database db, Report report, Account learner)
    {
        Report.Step($"{Burst} parallel enrolments of one learner");
        var replies = await Task.WhenAll(Enumerable.Range(0, Burst).Select(i => api.SendAsync(i, HttpMethod.Post, Paths.Enrollment, learner.AccessToken)));
        var rows = await db.ScalarAsync<long>("SELECT count(*) FROM enrollments WHERE user_id = $1", learner.Id);
        report.Check(
            "one enrolment per learner and run",
            rows == 1 && replies.All(reply => reply.Ok) && replies.Count(reply => reply.Status == 201) == 1,
            $"{rows} row(s); answers {Statuses(replies)}");
    }

    private static async Task AttemptsAsync(Api api, Database db, Report report, Account learner)
    {
        Report.Step($"{Burst} parallel starts of a quiz that allows 3 attempts");
        var replies = await Task.WhenAll(Enumerable.Range(0, Burst).Select(i => api.SendAsync(i, HttpMethod.Post, Paths.Attempts("drill-quiz"), learner.AccessToken)));
        var rows = await db.ScalarAsync<long>(
            "SELECT count(*) FROM quiz_attempts a JOIN enrollments e ON e.id = a.enrollment_id WHERE e.user_id = $1 AND a.quiz_key = 'drill-quiz'", learner.Id);
        var graded = await db.ScalarAsync<int>(
            "SELECT coalesce(max(g.graded_attempts), 0) FROM quiz_grades g JOIN enrollments e ON e.id = g.enrollment_id WHERE e.user_id = $1 AND g.quiz_key = 'drill-quiz'", learner.Id);
        var closed = await db.ScalarAsync<long>(
            "SELECT count(*) FROM quiz_attempts a JOIN enrollments e ON e.id = a.enrollment_id WHERE e.user_id = $1 AND a.quiz_key = 'drill-quiz' AND a.state <> 'InProgress'", learner.Id);
        var refused = replies.Count(reply => reply.Status == 409 && reply.ProblemCode == "quiz.no-attempts-left");
        report.Check(
            "exactly max_attempts (3) attempts under parallel starts",
            rows == 3 && replies.Count(reply => reply.Status == 201) == 3 && refused == Burst - 3,
            $"{rows} attempt row(s); answers {Statuses(replies)} ({refused} quiz.no-attempts-left)");
        report.Check(
            "each attempt graded once (a start submits the open attempt before it)",
            graded == closed && closed == 2,
            $"{closed} closed attempt(s), quiz grade counts {graded}");
    }

    /// <summary>ADR 6: one heartbeat number credits once; parallel heartbeats earn no more than the allowance; credit is never counted twice.</summary>
    private static async Task HeartbeatsAsync(Api api, Database db, Report report, Account learner)
    {
        Report.Step($"{Burst} parallel copies of one heartbeat, then {Burst} parallel distinct heartbeats");
        var lesson = Paths.Heartbeats("drill-video-1");
        var copies = await Task.WhenAll(Enumerable.Range(0, Burst).Select(i =>
            api.SendAsync(i, HttpMethod.Post, lesson, learner.AccessToken, new { sequence = 1, playbackRate = 1.0, segments = new[] { new { start = 0, end = 10 } } })));
        var afterCopies = await LessonAsync(db, learner.Id, "drill-video-1");
        var copiesCredit = Credited(copies);
        report.Check(
            "a heartbeat sent 40 times at once credits once",
            copies.All(reply => reply.Ok) && Near(copiesCredit, 10) && Near(afterCopies.Covered, 10) && afterCopies.Sequences.Count(sequence => sequence == 1) == 1,
            $"answers {Statuses(copies)}; credited {copiesCredit:0.###} s in answers, {afterCopies.Covered:0.###} s covered in the database");

        var started = Stopwatch.StartNew();
        var distinct = await Task.WhenAll(Enumerable.Range(0, Burst).Select(i =>
            api.SendAsync(i, HttpMethod.Post, lesson, learner.AccessToken, new { sequence = 2 + i, playbackRate = 1.0, segments = new[] { new { start = 10 + (10 * i), end = 20 + (10 * i) } } })));
        var elapsed = started.Elapsed.TotalSeconds;
        var after = await LessonAsync(db, learner.Id, "drill-video-1");
        var credited = Credited(distinct);

        // Allowance: 15 s at the first heartbeat, minus what the first one used, + wall time × rate (≤ 2), + 5 s of tolerance.
        var bound = 15 - 10 + (2 * (elapsed + 1)) + 5;
        report.Check(
            "parallel heartbeats: the database credits exactly what the answers credited, within the wall-clock allowance",
            distinct.All(reply => reply.Ok) && Near(after.Covered - afterCopies.Covered, credited, RoundingOf(distinct.Length)) && Near(after.Covered, after.WatchedMeasure) && after.Covered - afterCopies.Covered <= bound,
            $"answers {Statuses(distinct)}; credited {credited:0.###} s in answers, {after.Covered - afterCopies.Covered:0.###} s more covered (segments measure {after.WatchedMeasure:0.###} s), allowance bound {bound:0.#} s for a {elapsed:0.00} s burst");
    }

    /// <summary>
    /// Parallel claims of an eligible learner who has no certificate yet (the rule was lowered by a new
    /// version), then parallel submissions and claims that meet the rule at the same moment.
    /// </summary>
    private static async Task<string> CertificatesAsync(Api api, Database db, Report report, DriverSettings settings, string tag)
    {
        Report.Step("a learner graded 50% while the rule asks 75%; a new version lowers it to 50%; then parallel claims");
        var claimer = await EnrolledAsync(api, db, $"claim-{tag}@reliability.test");
        var attempt = await StartAttemptAsync(api, claimer);
        Api.Expect(await api.SendAsync(1, HttpMethod.Put, Paths.Answers(attempt), claimer.AccessToken, Paths.AnswersBody(q1: true, q2: true)));
        Api.Expect(await api.SendAsync(0, HttpMethod.Put, Paths.Answers(attempt), claimer.AccessToken, new { answers = new Dictionary<string, object?> { ["q2"] = new { boolean = true } } }));
        Api.Expect(await api.SendAsync(1, HttpMethod.Post, Paths.Submit(attempt), claimer.AccessToken));
        var early = await api.SendAsync(0, HttpMethod.Post, Paths.Claim, claimer.AccessToken);
        if (early.Status != 409)
        {
            throw new InvalidOperationException($"The claimer should not be eligible yet: {early.Status} {early.Body}");
        }

        await LowerCertificateRuleAsync(settings);
        var claims = await Task.WhenAll(Enumerable.Range(0, Burst).Select(i => api.SendAsync(i, HttpMethod.Post, Paths.Claim, claimer.AccessToken)));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var (current, all) = await CertificatesOfAsync(db, claimer.Id);
        var mails = await CertificateMailsAsync(db, settings, claimer.Email);
        report.Check(
            "parallel certificate claims issue one certificate and send one e-mail",
            current == 1 && all == 1 && mails == 1 && claims.All(reply => reply.Ok) && claims.Count(reply => reply.Status == 201) == 1,
            $"{current} current / {all} certificate row(s), {mails} e-mail(s); answers {Statuses(claims)}");

        Report.Step("parallel submissions of the attempt that meets the rule, with parallel claims");
        var learner = await EnrolledAsync(api, db, $"certificate-{tag}@reliability.test");
        attempt = await StartAttemptAsync(api, learner);
        Api.Expect(await api.SendAsync(1, HttpMethod.Put, Paths.Answers(attempt), learner.AccessToken, Paths.AnswersBody(q1: true, q2: false)));
        var triggers = await Task.WhenAll(Enumerable.Range(0, Burst).Select(i => i % 4 == 3
            ? api.SendAsync(i, HttpMethod.Post, Paths.Claim, learner.AccessToken)
            : api.SendAsync(i, HttpMethod.Post, Paths.Submit(attempt), learner.AccessToken)));
        await Task.Delay(TimeSpan.FromSeconds(1));
        (current, all) = await CertificatesOfAsync(db, learner.Id);
        mails = await CertificateMailsAsync(db, settings, learner.Email);
        var graded = await db.ScalarAsync<int>("SELECT g.graded_attempts FROM quiz_grades g JOIN enrollments e ON e.id = g.enrollment_id WHERE e.user_id = $1 AND g.quiz_key = 'drill-quiz'", learner.Id);
        report.Check(
            "parallel triggers of automatic issuance (submissions and claims) issue one certificate and send one e-mail",
            current == 1 && all == 1 && mails == 1 && graded == 1 && triggers.All(reply => reply.Ok || reply.Status == 409),
            $"{current} current / {all} certificate row(s), {mails} e-mail(s), attempt graded {graded} time(s); answers {Statuses(triggers)}");
        return await db.ScalarAsync<string>("SELECT c.code FROM certificates c WHERE c.user_id = $1", learner.Id);
    }

    /// <summary>A revocation made on A is what B's verification answers next (within the documented bound).</summary>
    private static async Task RevocationAsync(Api api, Report report, DriverSettings settings, Account admin, string code)
    {
        Report.Step("revoke on A, verify on B");
        var before = await api.SendAsync(1, HttpMethod.Get, Paths.Certificate(code));
        Api.Expect(await api.SendAsync(0, HttpMethod.Post, Paths.Revoke(code), admin.AccessToken, new { reason = "Reliability run: revocation across instances", category = "issued_in_error" }));
        var revokedAt = Clock.Ms;
        var seenAfter = double.NaN;
        var deadline = revokedAt + ((settings.VerificationBoundSeconds + 5) * 1000);
        while (Clock.Ms < deadline)
        {
            var reply = await api.SendAsync(1, HttpMethod.Get, Paths.Certificate(code));
            if (reply.Ok && reply.Body.GetProperty("state").GetString() == "revoked")
            {
                seenAfter = (reply.EndMs - revokedAt) / 1000;
                break;
            }

            await Task.Delay(100);
        }

        report.Check(
            $"a revocation on A is seen by B's verification within {settings.VerificationBoundSeconds} s",
            before.Ok && before.Body.GetProperty("state").GetString() == "issued" && seenAfter <= settings.VerificationBoundSeconds + 0.5,
            double.IsNaN(seenAfter) ? "never seen" : string.Create(CultureInfo.InvariantCulture, $"seen {seenAfter:0.000} s after the revocation was answered"));
    }

    /// <summary>An admin ends a learner's sessions on A; B refuses the learner's token within <c>Identity:AccountCheckSeconds</c>.</summary>
    private static async Task EndedSessionAsync(Api api, Database db, Report report, DriverSettings settings, Account admin, string email)
    {
        Report.Step("end a learner's sessions on A, use the learner's token on B");
        var learner = await api.SignUpAsync(1, email, db);
        var warm = await api.SendAsync(1, HttpMethod.Get, Paths.Me, learner.AccessToken);
        Api.Expect(await api.SendAsync(0, HttpMethod.Post, Paths.EndSessions(learner.Id), admin.AccessToken, new { reason = "Reliability run: sessions ended across instances" }));
        var endedAt = Clock.Ms;
        var refusedAfter = double.NaN;
        while (Clock.Ms < endedAt + ((settings.AccountCheckSeconds + 5) * 1000))
        {
            var reply = await api.SendAsync(1, HttpMethod.Get, Paths.Me, learner.AccessToken);
            if (reply.Status == 401)
            {
                refusedAfter = (reply.EndMs - endedAt) / 1000;
                break;
            }

            await Task.Delay(250);
        }

        report.Check(
            $"a session ended on A is refused by B within Identity:AccountCheckSeconds ({settings.AccountCheckSeconds} s)",
            warm.Ok && refusedAfter <= settings.AccountCheckSeconds + 0.5,
            double.IsNaN(refusedAfter) ? "never refused" : string.Create(CultureInfo.InvariantCulture, $"refused {refusedAfter:0.0} s after the sessions were ended"));
    }

    private static async Task<Account> EnrolledAsync(Api api, Database db, string email)
    {
        var learner = await api.SignUpAsync(0, email, db);
        Api.Expect(await api.SendAsync(1, HttpMethod.Post, Paths.Enrollment, learner.AccessToken));
        return learner;
    }

    private static async Task<Guid> StartAttemptAsync(Api api, Account learner) =>
        Api.Expect(await api.SendAsync(0, HttpMethod.Post, Paths.Attempts("drill-quiz"), learner.AccessToken)).Body.GetProperty("id").GetGuid();

    /// <summary>Imports a copy of the drill course whose certificate asks 50% instead of 75%: a new published version.</summary>
    private static async Task LowerCertificateRuleAsync(DriverSettings settings)
    {
        var copy = Path.Combine(settings.StateDirectory, "courses-v2");
        var source = Path.Combine(settings.Repository, "reliability", "courses");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        var course = Path.Combine(copy, DriverSettings.Course, "course.yaml");
        await File.WriteAllTextAsync(course, (await File.ReadAllTextAsync(course)).Replace("min_grade: 0.75", "min_grade: 0.5", StringComparison.Ordinal));
        var import = Process.Start(new ProcessStartInfo("dotnet", [settings.ApiDll, "courses", "import", copy])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ConnectionStrings__Mooc"] = settings.Database },
        })!;
        var output = await import.StandardOutput.ReadToEndAsync() + await import.StandardError.ReadToEndAsync();
        await import.WaitForExitAsync();
        if (import.ExitCode != 0)
        {
            throw new InvalidOperationException($"courses import failed: {output}");
        }
    }

    private static async Task<(long Current, long All)> CertificatesOfAsync(Database db, Guid userId) =>
        (await db.ScalarAsync<long>("SELECT count(*) FROM certificates WHERE user_id = $1 AND state = 'Issued'", userId),
         await db.ScalarAsync<long>("SELECT count(*) FROM certificates WHERE user_id = $1", userId));

    /// <summary>Certificate e-mails to one address in the shared mail sink of both instances.</summary>
    /// <summary>
    /// The certificate e-mails that reached the mail folder. They are written to the outbox with the certificate
    /// and sent by a dispatcher right after (ADR 14): the count waits until none of them is still waiting.
    /// </summary>
    private static async Task<int> CertificateMailsAsync(Database db, DriverSettings settings, string email)
    {
        for (var wait = 0; wait < 150 && await db.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE lower(recipient) = lower($1) AND subject LIKE 'Your certificate%' AND state = 'Pending'", email) > 0; wait++)
        {
            await Task.Delay(200);
        }

        return Directory.GetFiles(settings.MailDirectory, "*.eml").Count(file =>
        {
            var text = File.ReadAllText(file);
            return text.Contains(email, StringComparison.OrdinalIgnoreCase) && text.Contains("Subject: Your certificate", StringComparison.Ordinal);
        });
    }

    internal static async Task<LessonRow> LessonAsync(Database db, Guid userId, string lesson) =>
        (await db.QueryAsync(
            "SELECT l.covered_seconds, l.watched, l.recent_sequences FROM lesson_progress l JOIN enrollments e ON e.id = l.enrollment_id WHERE e.user_id = $1 AND l.item_key = $2",
            reader => new LessonRow(reader.GetDouble(0), reader.GetFieldValue<double[]>(1), reader.GetFieldValue<long[]>(2)),
            userId,
            lesson)).SingleOrDefault() ?? new LessonRow(0, [], []);

    private static double Credited(IEnumerable<Reply> replies) =>
        replies.Where(reply => reply.Ok).Sum(reply => reply.Body.GetProperty("creditedSeconds").GetDouble());

    private static bool Near(double a, double b, double tolerance = 0.01) => Math.Abs(a - b) <= tolerance;

    /// <summary>Answers round credited seconds to 3 decimals: a sum of n of them may be off by n × 0.0005 s.</summary>
    internal static double RoundingOf(int answers) => (answers * 0.0005) + 0.001;

    internal static string Statuses(IEnumerable<Reply> replies) =>
        string.Join(", ", replies.GroupBy(reply => reply.Status).OrderBy(group => group.Key).Select(group => $"{group.Count()}×{(group.Key == 0 ? "none" : group.Key.ToString(CultureInfo.InvariantCulture))}"));
}

/// <summary>A lesson's progress row: covered seconds, the watched segments (flattened) and the recent heartbeat numbers.</summary>
internal sealed record LessonRow(double Covered, double[] Watched, long[] Sequences)
{
    public double WatchedMeasure => Enumerable.Range(0, Watched.Length / 2).Sum(i => Watched[(2 * i) + 1] - Watched[2 * i]);
}
