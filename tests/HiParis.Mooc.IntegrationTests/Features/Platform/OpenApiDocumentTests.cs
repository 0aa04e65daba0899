using System.Text.Json;
using System.Text.Json.Nodes;
using HiParis.Mooc.IntegrationTests.TestEngine;

namespace HiParis.Mooc.IntegrationTests.Features.Platform;

/// <summary>
/// The API's contract is a reviewed file, docs/api/openapi.json: what the running code documents must equal
/// it, and every answer of the integration tests is checked against it (<see cref="ApiContract"/>). After a
/// deliberate change, regenerate it with <c>MOOC_WRITE_OPENAPI=1 dotnet test</c> and review the diff.
/// </summary>
public sealed class OpenApiDocumentTests(MoocApiFactory api) : IClassFixture<MoocApiFactory>
{
    private static readonly string Committed = Path.Combine(MoocApiFactory.RepositoryRoot, "docs", "api", "openapi.json");

    [Fact]
    public async Task TheServedDocument_IsTheCommittedContract()
    {
        var served = JsonNode.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!;

        // The server is where an installation answers (Mooc:PublicBaseUrl): the contract names the default one.
        served["servers"] = new JsonArray(new JsonObject { ["url"] = "http://localhost:5080" });
        var text = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        if (Environment.GetEnvironmentVariable("MOOC_WRITE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(Committed, text, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(Committed), $"{Committed} is missing: run MOOC_WRITE_OPENAPI=1 dotnet test.");
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(Committed, TestContext.Current.CancellationToken)), served),
            "The API's document differs from docs/api/openapi.json: review the change, then run MOOC_WRITE_OPENAPI=1 dotnet test.");
    }
}
