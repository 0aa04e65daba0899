using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace HiParis.Mooc.Reliability;

/// <summary>An answer as the driver saw it: status 0 means none came (refused, reset, timed out).</summary>
internal sealed record Reply(char Instance, string Method, string Path, int Status, JsonElement Body, double StartMs, double EndMs, string? Error)
{
    public bool Ok => Status is >= 200 and < 300;

    public double LatencyMs => EndMs - StartMs;

    public string? ProblemCode => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("code", out var code) ? code.GetString() : null;
}

/// <summary>A learner (or admin) as the driver knows them.</summary>
internal sealed record Account(string Email, Guid Id, string AccessToken, string RefreshToken);

/// <summary>The two API instances; instance 0 is A, 1 is B.</summary>
internal sealed class Api : IDisposable
{
    private readonly HttpClient[] _clients;

    public Api(DriverSettings settings, TimeSpan? timeout = null)
    {
        _clients = [Client(settings.InstanceA, timeout), Client(settings.InstanceB, timeout)];
    }

    public static char Name(int instance) => instance % 2 == 0 ? 'A' : 'B';

    public async Task<Reply> SendAsync(int instance, HttpMethod method, string path, string? token = null, object? body = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var start = Clock.Ms;
        try
        {
            using var response = await _clients[instance % 2].SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var json = default(JsonElement);
            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0)
            {
                json = JsonDocument.Parse(text).RootElement.Clone();
            }

            return new Reply(Name(instance), method.Method, path, (int)response.StatusCode, json, start, Clock.Ms, null);
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException or IOException)
        {
            return new Reply(Name(instance), method.Method, path, 0, default, start, Clock.Ms, failure.GetBaseException().Message);
        }
    }

    /// <summary>Registers and signs in a learner on the given instance.</summary>
    public async Task<Account> SignUpAsync(int instance, string email, Database db, CancellationToken cancellationToken = default)
    {
        var registered = await SendAsync(instance, HttpMethod.Post, "/api/auth/register", body: new { email, password = DriverSettings.Password }, cancellationToken: cancellationToken);
        Expect(registered);
        return await LoginAsync(instance, email, DriverSettings.Password, db, cancellationToken);
    }

    public async Task<Account> LoginAsync(int instance, string email, string password, Database db, CancellationToken cancellationToken = default)
    {
        var login = await SendAsync(instance, HttpMethod.Post, "/api/auth/login", body: new { email, password }, cancellationToken: cancellationToken);
        Expect(login);
        var id = await db.ScalarAsync<Guid>("SELECT id FROM users WHERE normalized_email = upper($1)", email);
        return new Account(email, id, login.Body.GetProperty("accessToken").GetString()!, login.Body.GetProperty("refreshToken").GetString()!);
    }

    public static Reply Expect(Reply reply)
    {
        if (!reply.Ok)
        {
            throw new InvalidOperationException($"{reply.Method} {reply.Path} on {reply.Instance}: {reply.Status} {reply.Error} {reply.Body}");
        }

        return reply;
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private static HttpClient Client(Uri baseAddress, TimeSpan? timeout) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
        };
}
