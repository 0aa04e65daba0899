using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace HiParis.Mooc.Reliability;

/// <summary>
/// Learners send heartbeats and take quizzes against both instances while PostgreSQL is stopped and started
/// again, then while instance B is killed (SIGKILL) and restarted, then instance A is stopped (SIGTERM)
/// with requests in flight. Every answer is recorded; afterwards each acknowledged write is looked for in
/// the database, and the database is checked for half-written units of work.
/// </summary>
internal static class FaultRun
{
    /// <summary>Npgsql's connection timeout (5 s) plus slack: no answer may take longer while the database is down.</summary>
    private const double DownLatencyBoundMs = 7_000;

    /// <summary>Heartbeats per lesson and learner stay under the 64 numbers a lesson remembers, so each acknowledged one can be found.</summary>
    private const int HeartbeatsPerLesson = 60;

    private static readonly string[] Lessons = ["drill-video-1", "drill-video-2"];

    public static async Task<int> RunAsync(DriverSettings settings)
    {
        var report = new Report();
        using var api = new Api(settings, TimeSpan.FromSeconds(30));
        await using var db = new Database(settings.Database);
        var learnerCount = int.Parse(Environment.GetEnvironmentVariable("MOOC_LEARNERS") ?? "12", CultureInfo.InvariantCulture);
        var tag = DateTime.UtcNow.ToString("HHmmssfff", CultureInfo.InvariantCulture);

        Report.Step($"{learnerCount} learners sign up and enrol");
        var learners = await Task.WhenAll(Enumerable.Range(0, learnerCount).Select(async i =>
        {
            var account = await api.SignUpAsync(i, $"load-{tag}-{i}@reliability.test", db);
            Api.Expect(await api.SendAsync(i + 1, HttpMethod.Post, Paths.Enrollment, account.AccessToken));
            return account;
        }));

        var log = new ConcurrentBag<Sent>();
        using var stop = new CancellationTokenSource();
        var workers = learners.Select((learner, i) => LoadAsync(api, learner, i, log, stop.Token)).ToList();
        var events = new Dictionary<string, double>();

        Report.Step("load running; PostgreSQL stops in 8 s");
        await Task.Delay(TimeSpan.FromSeconds(8));
        events["db stop requested"] = Clock.Ms;
        await ControlAsync(settings, "stop-db");
        events["db stopped"] = Clock.Ms;
        Report.Step("PostgreSQL stopped; starting it again in 10 s");
        await Task.Delay(TimeSpan.FromSeconds(10));
        events["db start requested"] = Clock.Ms;
        await ControlAsync(settings, "start-db");
        events["db accepting"] = Clock.Ms;
        Report.Step("PostgreSQL accepts connections again; instance B is killed in 12 s");
        await Task.Delay(TimeSpan.FromSeconds(12));
        events["B killed"] = Clock.Ms;
        await ControlAsync(settings, "kill-api", "b");
        Report.Step("instance B killed (SIGKILL); restarting it in 3 s");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await ControlAsync(settings, "start-api", "b");
        events["B ready"] = Clock.Ms;
        Report.Step("instance B ready again; load stops in 8 s");
        await Task.Delay(TimeSpan.FromSeconds(8));
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var quiet = await QuietRestartAsync(api, settings, learners, log, events);
        db.ClearPool();
        var drained = await GracefulStopAsync(api, settings, learners, log);
        Report.Step("checking the answers against the database");
        var sent = log.OrderBy(item => item.Reply.StartMs).ToList();
        Answers(report, sent, events);
        await AcknowledgedWritesAsync(report, db, sent);
        await NoHalfStateAsync(report, db, learners);
        report.Check(
            "after a restart of PostgreSQL with no traffic, the first requests succeed",
            quiet.All(reply => reply.Ok),
            $"{quiet.Count} requests sent at once on both instances just after the restart: {RaceRun.Statuses(quiet)}");
        report.Check(
            "graceful stop (SIGTERM) of instance A: requests in flight complete",
            drained.Answered > 0 && drained.Failed == 0,
            $"{drained.Answered} in flight answered 2xx, {drained.Failed} failed or cut, {drained.Refused} refused after the listener closed; {drained.Log}");
        return report.Finish("fault run");
    }

    /// <summary>One learner: heartbeats on the two videos, and every third step a quiz attempt (start, save, submit); requests alternate between A and B.</summary>
    private static async Task LoadAsync(Api api, Account learner, int index, ConcurrentBag<Sent> log, CancellationToken stop)
    {
        var random = new Random(index);
        var sequences = new long[Lessons.Length];
        var turn = index;
        for (var step = 0; !stop.IsCancellationRequested; step++)
        {
            var lesson = step % Lessons.Length;
            if (sequences[lesson] < HeartbeatsPerLesson)
            {
                var sequence = ++sequences[lesson];
                var body = new { sequence, playbackRate = 1.0, segments = new[] { new { start = sequence - 1, end = sequence } } };
                var reply = await api.SendAsync(turn++, HttpMethod.Post, Paths.Heartbeats(Lessons[lesson]), learner.AccessToken, body, cancellationToken: CancellationToken.None);
                log.Add(new Sent(learner, "heartbeat", Lessons[lesson], sequence, null, reply));
            }

            if (step % 3 == 2)
            {
                await QuizAsync(api, learner, random, () => turn++, log);
            }

            await Pause(random, stop);
        }
    }

    private static async Task QuizAsync(Api api, Account learner, Random random, Func<int> turn, ConcurrentBag<Sent> log)
    {
        var start = await api.SendAsync(turn(), HttpMethod.Post, Paths.Attempts("load-quiz"), learner.AccessToken, idempotencyKey: Guid.NewGuid().ToString("N"));
        log.Add(new Sent(learner, "start", null, 0, null, start));
        if (!start.Ok)
        {
            return;
        }

        var attempt = start.Body.GetProperty("id").GetGuid();
        var answers = (random.Next(2) == 0, random.Next(2) == 0);
        var save = await api.SendAsync(turn(), HttpMethod.Put, Paths.Answers(attempt), learner.AccessToken, Paths.AnswersBody(answers.Item1, answers.Item2));
        log.Add(new Sent(learner, "save", null, 0, new AttemptWrite(attempt, answers.Item1, answers.Item2), save));
        if (!save.Ok)
        {
            return;
        }

        var submit = await api.SendAsync(turn(), HttpMethod.Post, Paths.Submit(attempt), learner.AccessToken);
        log.Add(new Sent(learner, "submit", null, 0, new AttemptWrite(attempt, answers.Item1, answers.Item2), submit));
    }

    private static async Task Pause(Random random, CancellationToken stop)
    {
        try
        {
            await Task.Delay(300 + random.Next(300), stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// PostgreSQL restarts while nobody sends anything: each instance's pool still holds connections to the
    /// old server. The first requests afterwards must not fail on them.
    /// </summary>
    private static async Task<List<Reply>> QuietRestartAsync(Api api, DriverSettings settings, Account[] learners, ConcurrentBag<Sent> log, Dictionary<string, double> events)
    {
        Report.Step("quiet restart: PostgreSQL restarts with no traffic, then a burst on both instances");
        await Task.WhenAll(learners.Select((learner, i) => api.SendAsync(i, HttpMethod.Get, "/api/me/enrollments", learner.AccessToken)));
        events["quiet stop requested"] = Clock.Ms;
        await ControlAsync(settings, "stop-db");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await ControlAsync(settings, "start-db");
        events["quiet db accepting"] = Clock.Ms;
        var burst = await Task.WhenAll(learners.SelectMany((learner, i) => new[]
        {
            api.SendAsync(i, HttpMethod.Post, Paths.Heartbeats(Lessons[1]), learner.AccessToken, new { sequence = 20_000, playbackRate = 1.0, segments = new[] { new { start = 0, end = 1 } } }),
            api.SendAsync(i + 1, HttpMethod.Get, "/api/me/enrollments", learner.AccessToken),
        }));
        foreach (var (reply, i) in burst.Select((reply, i) => (reply, i)).Where(pair => pair.i % 2 == 0))
        {
            log.Add(new Sent(learners[i / 2], "heartbeat", Lessons[1], 20_000, null, reply));
        }

        return [.. burst];
    }

    /// <summary>Logins (slow: password hashing) and heartbeats in flight on A when it receives SIGTERM.</summary>
    private static async Task<(int Answered, int Failed, int Refused, string Log)> GracefulStopAsync(Api api, DriverSettings settings, Account[] learners, ConcurrentBag<Sent> log)
    {
        Report.Step("SIGTERM to instance A with logins and heartbeats in flight");
        var inFlight = learners.Take(8).SelectMany(learner => new[]
        {
            api.SendAsync(0, HttpMethod.Post, "/api/auth/login", body: new { email = learner.Email, password = DriverSettings.Password }),
            api.SendAsync(0, HttpMethod.Post, Paths.Heartbeats(Lessons[0]), learner.AccessToken, new { sequence = 10_000, playbackRate = 1.0, segments = new[] { new { start = 0, end = 1 } } }),
        }).ToList();
        await Task.Delay(100);
        await ControlAsync(settings, "term-api", "a");
        var replies = await Task.WhenAll(inFlight);
        foreach (var (reply, i) in replies.Select((reply, i) => (reply, i)).Where(pair => pair.reply.Path.Contains("heartbeats", StringComparison.Ordinal)))
        {
            log.Add(new Sent(learners[i / 2], "heartbeat", Lessons[0], 10_000, null, reply));
        }

        // The process is gone once the port refuses connections; its log says how it ended.
        for (var i = 0; i < 100 && (await api.SendAsync(0, HttpMethod.Get, "/health/live")).Status != 0; i++)
        {
            await Task.Delay(100);
        }

        var apiLog = await File.ReadAllTextAsync(Path.Combine(settings.StateDirectory, "api-a.log"));
        var shutdown = apiLog.Contains("Application is shutting down", StringComparison.Ordinal) ? "the log shows a clean host shutdown" : "no shutdown line in the log";
        var refused = replies.Count(reply => reply.Status == 0 && reply.Error?.Contains("refused", StringComparison.OrdinalIgnoreCase) == true);
        return (replies.Count(reply => reply.Ok), replies.Count(reply => !reply.Ok) - refused, refused, shutdown);
    }

    private static void Answers(Report report, List<Sent> sent, Dictionary<string, double> events)
    {
        var replies = sent.Select(item => item.Reply).ToList();
        var stoppedFrom = events["db stop requested"];
        var backAt = events["db accepting"];
        Report.Figure("requests", replies.Count);
        Report.Figure("answers", RaceRun.Statuses(replies));
        Report.Figure("timeline (s)", string.Join(", ", events.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key} {pair.Value / 1000:0.00}"))));

        var bad = replies.Where(reply => reply.Status >= 500 && reply.Status != 503).ToList();
        report.Check("no answer ≥ 500 other than 503", bad.Count == 0, $"{bad.Count} such answer(s){string.Concat(bad.Take(3).Select(reply => $"; {reply.Status} {reply.Method} {reply.Path}"))}");

        var unavailable = replies.Where(reply => reply.Status == 503).ToList();
        var problems = unavailable.Count(reply => reply.Body.ValueKind == JsonValueKind.Object && reply.Body.GetProperty("type").GetString()!.EndsWith("/database-unavailable", StringComparison.Ordinal));
        report.Check("every 503 is a database-unavailable ProblemDetails", problems == unavailable.Count, $"{problems}/{unavailable.Count}");

        var whileDown = replies.Where(reply => reply.StartMs >= stoppedFrom && reply.StartMs < backAt && reply.Status != 0).ToList();
        var slowest = whileDown.Count == 0 ? 0 : whileDown.Max(reply => reply.LatencyMs);
        report.Check(
            "while the database is down the API answers quickly",
            whileDown.Count > 0 && slowest <= DownLatencyBoundMs && whileDown.Any(reply => reply.Status == 503),
            string.Create(CultureInfo.InvariantCulture, $"{whileDown.Count} requests sent while down: {RaceRun.Statuses(whileDown)}; slowest answer {slowest:0} ms (bound {DownLatencyBoundMs:0} ms); median {Median(whileDown.Select(reply => reply.LatencyMs)):0} ms"));

        foreach (var instance in new[] { 'A', 'B' })
        {
            var after = replies.Where(reply => reply.Instance == instance && reply.StartMs >= backAt && reply.StartMs < events["B killed"]).ToList();
            var firstOk = after.Where(reply => reply.Ok).Select(reply => reply.EndMs - backAt).DefaultIfEmpty(double.NaN).Min();
            var last503 = after.Where(reply => reply.Status == 503).Select(reply => reply.EndMs - backAt).DefaultIfEmpty(0).Max();
            report.Check(
                $"instance {instance} recovers within 5 s of the database's return",
                !double.IsNaN(firstOk) && last503 <= 5_000 && firstOk <= 5_000,
                string.Create(CultureInfo.InvariantCulture, $"first 2xx {firstOk / 1000:0.00} s after the database accepted connections, last 503 at {last503 / 1000:0.00} s"));
        }

        var killWindow = replies.Where(reply => reply.Instance == 'B' && reply.StartMs >= events["B killed"] && reply.StartMs < events["B ready"]).ToList();
        Report.Figure("requests to B while it was dead or starting", RaceRun.Statuses(killWindow));
    }

    /// <summary>Each acknowledged heartbeat's number is among the lesson's recent numbers and its credit is counted; each acknowledged quiz step is in its attempt.</summary>
    private static async Task AcknowledgedWritesAsync(Report report, Database db, List<Sent> sent)
    {
        var heartbeats = sent.Where(item => item.Kind == "heartbeat" && item.Reply.Ok).ToList();
        var lost = 0;
        var overCredited = 0;
        foreach (var group in heartbeats.GroupBy(item => (item.Learner.Id, item.Lesson!)))
        {
            var row = await RaceRun.LessonAsync(db, group.Key.Id, group.Key.Item2);
            lost += group.Count(item => !row.Sequences.Contains(item.Sequence));
            var credited = group.Sum(item => item.Reply.Body.GetProperty("creditedSeconds").GetDouble());
            overCredited += credited > row.Covered + RaceRun.RoundingOf(group.Count()) || Math.Abs(row.Covered - row.WatchedMeasure) > 0.01 ? 1 : 0;
        }

        report.Check(
            "every acknowledged heartbeat is in the database, its credit counted",
            lost == 0 && overCredited == 0,
            $"{heartbeats.Count} acknowledged, {lost} missing; {overCredited} lesson(s) credited less than acknowledged");

        var attempts = (await db.QueryAsync(
            "SELECT id, state, score IS NOT NULL AND submitted_at IS NOT NULL, answers -> 'q1' ->> 'boolean', answers -> 'q2' ->> 'boolean' FROM quiz_attempts WHERE quiz_key = 'load-quiz'",
            reader => (Id: reader.GetGuid(0), State: reader.GetString(1), Graded: reader.GetBoolean(2), Q1: reader.IsDBNull(3) ? null : reader.GetString(3), Q2: reader.IsDBNull(4) ? null : reader.GetString(4))))
            .ToDictionary(row => row.Id);
        var starts = sent.Where(item => item.Kind == "start" && item.Reply.Ok).Select(item => item.Reply.Body.GetProperty("id").GetGuid()).ToList();
        var saves = sent.Where(item => item.Kind == "save" && item.Reply.Ok).Select(item => item.Attempt!).ToList();
        var submits = sent.Where(item => item.Kind == "submit" && item.Reply.Ok).Select(item => item.Attempt!).ToList();
        var missingStarts = starts.Count(id => !attempts.ContainsKey(id));
        var missingSaves = saves.Count(write => !attempts.TryGetValue(write.Attempt, out var row) || row.Q1 != Bool(write.Q1) || row.Q2 != Bool(write.Q2));
        var missingSubmits = submits.Count(write => !attempts.TryGetValue(write.Attempt, out var row) || row.State != "Submitted" || !row.Graded);
        report.Check(
            "every acknowledged quiz start, answer save and submission is in the database",
            missingStarts + missingSaves + missingSubmits == 0,
            $"starts {starts.Count} acknowledged / {missingStarts} missing, saves {saves.Count} / {missingSaves}, submissions {submits.Count} / {missingSubmits}");
    }

    private static async Task NoHalfStateAsync(Report report, Database db, Account[] learners)
    {
        var users = learners.Select(learner => learner.Id).ToArray();
        var halfAttempts = await db.ScalarAsync<long>(
            """
            SELECT count(*) FROM quiz_attempts a JOIN enrollments e ON e.id = a.enrollment_id
            WHERE e.user_id = ANY($1) AND ((a.state <> 'InProgress') <> (a.score IS NOT NULL AND a.submitted_at IS NOT NULL))
            """,
            users);
        var twoOpen = await db.ScalarAsync<long>(
            """
            SELECT count(*) FROM (SELECT a.enrollment_id, a.quiz_key FROM quiz_attempts a JOIN enrollments e ON e.id = a.enrollment_id
            WHERE e.user_id = ANY($1) AND a.state = 'InProgress' GROUP BY 1, 2 HAVING count(*) > 1) open
            """,
            users);
        var gradeMismatch = await db.ScalarAsync<long>(
            """
            SELECT count(*) FROM (SELECT a.enrollment_id, a.quiz_key, count(*) FILTER (WHERE a.state <> 'InProgress') AS closed
                                  FROM quiz_attempts a JOIN enrollments e ON e.id = a.enrollment_id WHERE e.user_id = ANY($1) GROUP BY 1, 2) c
            LEFT JOIN quiz_grades g ON g.enrollment_id = c.enrollment_id AND g.quiz_key = c.quiz_key
            WHERE coalesce(g.graded_attempts, 0) <> c.closed
            """,
            users);
        var lessons = await db.QueryAsync(
            "SELECT l.covered_seconds, l.watched, l.recent_sequences, l.state FROM lesson_progress l JOIN enrollments e ON e.id = l.enrollment_id WHERE e.user_id = ANY($1) AND l.item_key LIKE 'drill-video-%'",
            reader => (Row: new LessonRow(reader.GetDouble(0), reader.GetFieldValue<double[]>(1), reader.GetFieldValue<long[]>(2)), State: reader.GetString(3)),
            users);
        var badLessons = lessons.Count(lesson => Math.Abs(lesson.Row.Covered - lesson.Row.WatchedMeasure) > 0.01 || (lesson.Row.Covered > 0) != (lesson.State != "NotStarted"));
        report.Check(
            "no half-written unit of work",
            halfAttempts + twoOpen + gradeMismatch + badLessons == 0,
            $"{halfAttempts} attempt(s) closed without a grade or graded while open, {twoOpen} quiz(zes) with two open attempts, {gradeMismatch} quiz grade(s) not counting every closed attempt, {badLessons} lesson(s) whose coverage disagrees with its segments or state ({lessons.Count} video lessons checked)");
    }

    private static async Task ControlAsync(DriverSettings settings, params string[] action)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [settings.Control, settings.StateDirectory, .. action]))!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ctl.sh {string.Join(' ', action)} failed with exit code {process.ExitCode}.");
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    /// <summary>A request the load sent, with what it was about.</summary>
    private sealed record Sent(Account Learner, string Kind, string? Lesson, long Sequence, AttemptWrite? Attempt, Reply Reply);

    private sealed record AttemptWrite(Guid Attempt, bool Q1, bool Q2);
}
