using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

// A synchronised quiz start: N learners sign in first (each gets its own token), then every one of them
// starts an attempt at the same instant. Reports the time from the release to the last answer, errors
// and latencies, and a JSON line for benchmarks/run.sh. The learners are the seeded ones from --first on but
// those whose number ends in 9: the seed gives them the whole course done, and its quiz attempts used up
// (their start would rightly answer 409 no-attempts-left, a rule and not a failure of the start).
// Before the release, --warm-up other learners (the next ones) start the quiz in --warm-rounds rounds, a second
// apart, not measured: the service has served first starts before, as one in use has, and the runtime has
// compiled that path at its final tier (a process that never ran it would measure the JIT, not the start).
// With --get PATH, every learner sends GET PATH with their token instead of starting the quiz: the same release
// of the same connections for a request that is cheaper than any start (what the machine allows, not the start).
var options = Options.Parse(args);
var numbers = Enumerable.Range(options.First, int.MaxValue - options.First).Where(n => n % 10 != 9).Take(options.Count + options.WarmUp).ToArray();
var learners = numbers[..options.Count];
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
using var client = new HttpClient(handler) { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(60) };

var tokens = new string[numbers.Length];
var login = Stopwatch.StartNew();
var signedIn = 0;
await Parallel.ForAsync(0, numbers.Length, new ParallelOptions { MaxDegreeOfParallelism = options.LoginConcurrency }, async (i, cancellationToken) =>
{
    var email = $"learner{numbers[i]}@bench.hiparis.local";
    using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = options.Password }, cancellationToken);
    response.EnsureSuccessStatusCode();
    var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    tokens[i] = body.GetProperty("accessToken").GetString()!;
    var done = Interlocked.Increment(ref signedIn);
    if (done % 250 == 0 || done == numbers.Length)
    {
        Console.Error.Write($"\rsigned in {done}/{numbers.Length} ({login.Elapsed.TotalSeconds:0}s) ");
    }
});
Console.Error.WriteLine();

// Open the connections before the release, as the learners' browsers already have them.
await Task.WhenAll(Enumerable.Range(0, options.Count).Select(async _ => (await client.GetAsync("/health/live")).Dispose()));

var rounds = Math.Max(1, options.WarmRounds);
for (var round = 0; round < rounds && options.WarmUp > 0; round++)
{
    var from = options.Count + (options.WarmUp * round / rounds);
    var to = options.Count + (options.WarmUp * (round + 1) / rounds);
    var warm = Stopwatch.StartNew();
    var answers = await Task.WhenAll(Enumerable.Range(from, to - from).Select(i => RequestAsync(numbers[i], tokens[i])));
    Console.Error.WriteLine($"warm-up round {round + 1}/{rounds}: {to - from} requests in {warm.Elapsed.TotalSeconds:0.000} s, {answers.Count(status => status is "200" or "201")} ok");
    await Task.Delay(TimeSpan.FromSeconds(1));
}

var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var latencies = new double[options.Count];
var statuses = new ConcurrentDictionary<string, int>();
var clock = Stopwatch.StartNew();
var starts = Enumerable.Range(0, options.Count).Select(async i =>
{
    await gate.Task;
    var sent = clock.Elapsed;
    var status = await RequestAsync(learners[i], tokens[i]);
    latencies[i] = (clock.Elapsed - sent).TotalMilliseconds;
    statuses.AddOrUpdate(status, 1, (_, count) => count + 1);
}).ToList();

await Task.Delay(200);
clock.Restart();
gate.SetResult();
await Task.WhenAll(starts);
var total = clock.Elapsed.TotalSeconds;

Array.Sort(latencies);
var ok = statuses.Where(pair => pair.Key is "200" or "201").Sum(pair => pair.Value);
var result = new
{
    learners = options.Count,
    ok,
    errors = options.Count - ok,
    statuses = statuses.ToDictionary(),
    seconds = Math.Round(total, 3),
    p50_ms = Math.Round(latencies[latencies.Length / 2], 1),
    p99_ms = Math.Round(latencies[(int)(latencies.Length * 0.99)], 1),
    max_ms = Math.Round(latencies[^1], 1),
    login_seconds = Math.Round(login.Elapsed.TotalSeconds, 1),
};
Console.WriteLine($"{options.Count} {(options.Get is null ? "quiz starts" : "GET " + options.Get)} released together: last answer after {total:0.000} s, {ok} ok, {options.Count - ok} errors");
Console.WriteLine("QUIZSTORM " + JsonSerializer.Serialize(result));
return ok == options.Count ? 0 : 1;

// One learner's request (the start, or the GET of --get): the answer's status code, or the name of the
// exception that stood for one.
async Task<string> RequestAsync(int learner, string token)
{
    using var request = options.Get is { } path ? new HttpRequestMessage(HttpMethod.Get, path) : StartRequest(learner);
    request.Headers.Authorization = new("Bearer", token);
    try
    {
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
    }
    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
    {
        return exception.GetType().Name;
    }
}

HttpRequestMessage StartRequest(int learner)
{
    var request = new HttpRequestMessage(HttpMethod.Post, $"/api/me/courses/{options.Course}/quizzes/{options.Quiz}/attempts");
    request.Headers.Add("Idempotency-Key", $"storm-{learner}-{Guid.NewGuid():N}");
    return request;
}

internal sealed record Options(string Url, int First, int Count, string Course, string Quiz, string Password, int LoginConcurrency, int WarmUp, int WarmRounds, string? Get)
{
    public static Options Parse(string[] args)
    {
        string? Find(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        string Get(string name, string fallback) => Find(name) ?? fallback;

        return new Options(
            Get("--url", "http://127.0.0.1:5080"),
            int.Parse(Get("--first", "1001"), CultureInfo.InvariantCulture),
            int.Parse(Get("--count", "3000"), CultureInfo.InvariantCulture),
            Get("--course", "understanding-ai"),
            Get("--quiz", "industry-quiz"),
            Environment.GetEnvironmentVariable("MOOC_BENCH_PASSWORD") ?? "bench-learner-passphrase",
            int.Parse(Get("--login-concurrency", "4"), CultureInfo.InvariantCulture),
            int.Parse(Get("--warm-up", "0"), CultureInfo.InvariantCulture),
            int.Parse(Get("--warm-rounds", "3"), CultureInfo.InvariantCulture),
            Find("--get"));
    }
}
