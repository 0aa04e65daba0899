using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Studio;
using HiParis.Mooc.IntegrationTests.TestEngine;

namespace HiParis.Mooc.IntegrationTests.Features.Studio;

internal static class StudioFixtures
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A user whom the admin puts on the staff of a course; signed in after, so the token carries the Instructor role.</summary>
    public static async Task<HttpClient> InstructorAsync(this MoocApiFactory api, HttpClient admin, string email, string slug)
    {
        var client = api.CreateClient();
        await client.RegisterAsync(email);
        await client.ConfirmEmailAsync(api.Mailbox, email);
        await (await admin.PostAsJsonAsync(StudioApiPaths.Staff(slug), new { email }, Ct)).EnsureSuccessWithBodyAsync();
        client.UseBearer((await client.LoginAsync(email)).AccessToken);
        return client;
    }

    /// <summary>Opens (or gets) the course's draft; returns its ETag.</summary>
    public static async Task<string> DraftAsync(this HttpClient staff, string slug)
    {
        var response = await staff.PostAsync(StudioApiPaths.Draft(slug), null, Ct);
        await response.EnsureSuccessWithBodyAsync();
        return response.Headers.ETag!.Tag;
    }

    /// <summary>Sends one draft edit with its If-Match; returns the response (its ETag is the next one to send).</summary>
    public static Task<HttpResponseMessage> EditAsync(this HttpClient staff, HttpMethod method, string path, string etag, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        if (body is not null)
        {
            request.Content = body is string json ? new StringContent(json, System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body);
        }

        return staff.SendAsync(request, Ct);
    }

    public static async Task<string> EditOkAsync(this HttpClient staff, HttpMethod method, string path, string etag, object? body = null)
    {
        var response = await staff.EditAsync(method, path, etag, body);
        await response.EnsureSuccessWithBodyAsync();
        return response.Headers.ETag!.Tag;
    }

    public static async Task<JsonElement> DraftContentAsync(this HttpClient staff, string slug) =>
        (await staff.GetFromJsonAsync<JsonElement>(StudioApiPaths.Draft(slug), Ct)).GetProperty("content");
}

internal static class EnrolmentFixtures
{
    public static async Task<HttpClient> SignUpAndEnrolAsync(this HttpClient client, MoocApiFactory api, string email, string slug, string run)
    {
        await client.SignUpAsync(api.Mailbox, email);
        await (await client.PostAsync(HiParis.Mooc.Api.Features.Learning.LearningApiPaths.Enrollment(slug, run), null, TestContext.Current.CancellationToken)).EnsureSuccessWithBodyAsync();
        return client;
    }
}
