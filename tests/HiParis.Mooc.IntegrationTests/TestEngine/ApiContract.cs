using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HiParis.Mooc.IntegrationTests.TestEngine;

/// <summary>
/// The API contract, checked on every answer the integration tests receive: the operation must be in the
/// committed OpenAPI document (<c>docs/api/openapi.json</c>), its status declared, its media type declared,
/// and a JSON body valid against the declared schema. A violation replaces the answer with status 599 and
/// the reason, so the test that met it fails there; the factory also fails when it is disposed.
/// </summary>
public sealed partial class ApiContract
{
    public const int ViolationStatus = 599;

    private static readonly Lazy<JsonObject> Document = new(() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(MoocApiFactory.RepositoryRoot, "docs", "api", "openapi.json")))!);

    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);

    private static readonly Lazy<List<(Regex Path, JsonObject Operations)>> Paths = new(() =>
        [.. Document.Value["paths"]!.AsObject().Select(path => (new Regex("^" + Parameter().Replace(Regex.Escape(path.Key).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "/?$"), path.Value!.AsObject()))]);

    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>What is wrong with an answer, or null when it keeps the contract (or is no operation of the document).</summary>
    public static string? Check(HttpContext http, byte[] body)
    {
        if (http.GetEndpoint() is not RouteEndpoint endpoint || endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
        {
            return null;
        }

        var method = http.Request.Method.ToLowerInvariant();
        var path = http.Request.Path.Value ?? "/";
        var what = $"{http.Request.Method} {path} → {http.Response.StatusCode}";
        // The endpoint's own template names its operation (a catch-all {*path} spans segments); else the first path that matches.
        var template = "/" + Constraint().Replace(endpoint.RoutePattern.RawText ?? "", "{$1}").TrimStart('/');
        var operations = Document.Value["paths"]?[template] is JsonObject named && named.ContainsKey(method)
            ? named
            : Paths.Value.FirstOrDefault(candidate => candidate.Path.IsMatch(path) && candidate.Operations.ContainsKey(method)).Operations;
        if (operations is null)
        {
            return $"{what}: the operation is not in docs/api/openapi.json";
        }

        var responses = operations[method]!["responses"]!.AsObject();
        var status = http.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if ((responses[status] ?? responses[$"{status[0]}XX"] ?? responses["default"]) is not JsonObject response)
        {
            return $"{what}: status {status} is not declared (declared: {string.Join(", ", responses.Select(entry => entry.Key))})";
        }

        if (body.Length == 0)
        {
            return null;
        }

        var mediaType = (http.Response.ContentType ?? "").Split(';')[0].Trim();
        if (response["content"] is not JsonObject content || (content[mediaType] ?? content["*/*"]) is not JsonObject declared)
        {
            return $"{what}: media type '{mediaType}' is not declared";
        }

        if (!(mediaType.EndsWith("json", StringComparison.Ordinal)) || declared["schema"] is not JsonObject schema)
        {
            return null;
        }

        using var json = JsonDocument.Parse(body);
        var result = SchemaFor(schema).Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return null;
        }

        var errors = (result.Details ?? []).Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}"))
            .Distinct().Take(8);
        return $"{what}: the body breaks the declared schema: {string.Join("; ", errors)}";
    }

    /// <summary>A declared schema as a JSON Schema (2020-12) that carries the document's components as its definitions.</summary>
    private static JsonSchema SchemaFor(JsonObject schema)
    {
        var text = schema.ToJsonString();
        return Schemas.GetOrAdd(text, _ =>
        {
            var components = Document.Value["components"]?["schemas"]?.ToJsonString() ?? "{}";
            var whole = $$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{{components}},"allOf":[{{text}}]}""".Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
            return JsonSchema.FromText(whole, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://contract.test/{Guid.NewGuid():N}"));
        });
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"\{\*?(\w+)(:[^}]*)?\}")]
    private static partial Regex Constraint();
}

/// <summary>Puts <see cref="ApiContract"/> in front of the API of the test host.</summary>
internal sealed class ApiContractStartupFilter(ApiContract contract) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, proceed) =>
        {
            var original = http.Features.Get<IHttpResponseBodyFeature>()!;
            using var buffer = new MemoryStream();
            var buffered = new StreamResponseBodyFeature(buffer);
            http.Features.Set<IHttpResponseBodyFeature>(buffered);
            try
            {
                await proceed(http);
                await buffered.CompleteAsync();
            }
            finally
            {
                http.Features.Set(original);
            }

            var body = buffer.ToArray();

            // A client that went away (a page left while its script's request ran) reads no answer: there is no contract to keep.
            if (!http.RequestAborted.IsCancellationRequested && ApiContract.Check(http, body) is { } violation)
            {
                contract.Violations.Enqueue(violation);
                http.Response.StatusCode = ApiContract.ViolationStatus;
                http.Response.ContentType = "text/plain; charset=utf-8";
                body = Encoding.UTF8.GetBytes("API contract violated: " + violation);
                http.Response.ContentLength = body.Length;
            }

            await original.Stream.WriteAsync(body, http.RequestAborted);
        });
        next(app);
    };
}

internal static class ApiContractSetup
{
    public static IServiceCollection AddApiContract(this IServiceCollection services, ApiContract contract) =>
        services.AddSingleton(contract).AddTransient<IStartupFilter, ApiContractStartupFilter>();
}
