using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace HiParis.Mooc.Api.Infrastructure.OpenApi;

/// <summary>
/// What every operation answers besides its own results, from what the endpoint is: 400 when it reads
/// input, 401 and 403 when it needs a user, 404 when its route names something, 429 when it is rate limited,
/// 503 for all (the database may be away); with the headers clients rely on and Identity's operations named.
/// </summary>
internal static class OperationContract
{
    /// <summary>Identity's endpoints (<c>MapIdentityApi</c>) have no names of their own, nor all of their answers declared.</summary>
    private static readonly Dictionary<(string Method, string Path), (string Id, string Summary, int[] Problems)> IdentityOperations = new()
    {
        [("POST", "api/auth/register")] = ("Register", "Create an account; a confirmation e-mail follows (an address already taken answers the same and its owner is told).", [413]),
        [("POST", "api/auth/login")] = ("Login", "Sign in: a bearer access token and a refresh token, or a session cookie with ?useCookies=true.", [401, 413]),
        [("POST", "api/auth/refresh")] = ("RefreshToken", "Exchange a refresh token for new tokens.", [401]),
        [("GET", "api/auth/confirmEmail")] = ("ConfirmEmail", "Confirm an e-mail address with the link's user id and code.", [401]),
        [("POST", "api/auth/resendConfirmationEmail")] = ("ResendConfirmationEmail", "Send the confirmation e-mail again (answers the same whether the address has an account or not).", [413]),
        [("POST", "api/auth/forgotPassword")] = ("ForgotPassword", "E-mail a password reset code (answers the same whether the address has an account or not).", [413]),
        [("POST", "api/auth/resetPassword")] = ("ResetPassword", "Set a new password with the reset code.", [413]),
        [("POST", "api/auth/manage/2fa")] = ("ManageTwoFactor", "Read or change two-factor authentication.", [413]),
        [("GET", "api/auth/manage/info")] = ("GetAccountInfo", "My e-mail address and whether it is confirmed.", []),
        [("POST", "api/auth/manage/info")] = ("UpdateAccountInfo", "Change my e-mail address or password (the current password is required).", [413]),
    };

    public static async Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var path = description.RelativePath ?? "";
        operation.Responses ??= [];
        if (IdentityOperations.TryGetValue((method, path), out var named))
        {
            operation.OperationId ??= named.Id;
            operation.Summary ??= named.Summary;
            foreach (var status in named.Problems)
            {
                await ProblemAsync(operation, context, status, typeof(ProblemDetails), cancellationToken);
            }

            if (named.Id == "ConfirmEmail" && operation.Responses.TryGetValue("200", out var confirmed) && confirmed is OpenApiResponse page)
            {
                page.Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } };
            }
        }

        foreach (var declared in metadata.OfType<OpenApiSetup.ContentMetadata>())
        {
            var key = declared.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(key, out var existing) || existing is not OpenApiResponse response)
            {
                response = new OpenApiResponse { Description = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(declared.StatusCode) };
                operation.Responses[key] = response;
            }

            var binary = !declared.ContentType.StartsWith("text/", StringComparison.Ordinal) && !declared.ContentType.EndsWith("jwt", StringComparison.Ordinal);
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content[declared.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = binary ? "binary" : null } };
        }

        var document = context.Document!;
        if (metadata.OfType<OpenApiSetup.BodyMetadata>().FirstOrDefault() is { } body)
        {
            var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);

            // An inline schema cannot name its subtypes: a discriminator's mapping would point at no component.
            schema.Discriminator = null;
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        }

        if (metadata.OfType<OpenApiSetup.FileBodyMetadata>().FirstOrDefault() is { } file)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = file.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
            };
        }

        var signedIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        operation.Security = signedIn
            ? [Requirement(OpenApiSetup.Bearer, document), Requirement(OpenApiSetup.Cookie, document)]
            : [];

        var readsInput = operation.Parameters?.Count > 0 || operation.RequestBody is not null;
        if (readsInput)
        {
            await ProblemAsync(operation, context, 400, typeof(HttpValidationProblemDetails), cancellationToken);
        }

        if (signedIn)
        {
            await ProblemAsync(operation, context, 401, typeof(ProblemDetails), cancellationToken);
            await ProblemAsync(operation, context, 403, typeof(ProblemDetails), cancellationToken);
        }

        if (path.Contains('{', StringComparison.Ordinal))
        {
            await ProblemAsync(operation, context, 404, typeof(ProblemDetails), cancellationToken);
        }

        // A change can meet a state it may not apply to, or lose a race past the retries: 409.
        if (method is not ("GET" or "HEAD"))
        {
            await ProblemAsync(operation, context, 409, typeof(ProblemDetails), cancellationToken);
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any() || path.StartsWith("api/auth/", StringComparison.Ordinal))
        {
            await ProblemAsync(operation, context, 429, typeof(ProblemDetails), cancellationToken);
            AddHeader(operation, "429", "Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer);
        }

        await ProblemAsync(operation, context, 503, typeof(ProblemDetails), cancellationToken);
        AddHeader(operation, "503", "Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer);
        AddHeader(operation, "201", "Location", "The address of what was created.", JsonSchemaType.String);
        if (metadata.OfType<OpenApiSetup.ETagMetadata>().Any())
        {
            AddHeader(operation, "200", "ETag", "The version of this answer, for If-None-Match (or If-Match on an edit).", JsonSchemaType.String);
            AddHeader(operation, "201", "ETag", "The version of what was created, for If-Match on an edit.", JsonSchemaType.String);
            if (method == "GET")
            {
                operation.Responses["304"] = new OpenApiResponse { Description = "Not Modified: the If-None-Match ETag is current." };
            }
        }
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static async Task ProblemAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, Type type, CancellationToken cancellationToken)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken) } },
        };
    }

    private static void AddHeader(OpenApiOperation operation, string status, string name, string description, JsonSchemaType type)
    {
        if (operation.Responses!.TryGetValue(status, out var response) && response is OpenApiResponse concrete)
        {
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
        }
    }
}
