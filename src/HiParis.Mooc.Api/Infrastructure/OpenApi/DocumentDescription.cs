using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HiParis.Mooc.Api.Infrastructure.OpenApi;

/// <summary>What the document says of the API as a whole: its description, server, security schemes and tags.</summary>
internal sealed class DocumentDescription(IConfiguration configuration) : IOpenApiDocumentTransformer
{
    private const string Description = """
        The API of the Hi! PARIS MOOC platform: the public catalog, enrolment and learning (videos, readings,
        quizzes, grades), certificates anyone can verify, course authoring for course staff, and administration.

        **Signing in.** `POST /api/auth/login` answers a bearer access token (send it as `Authorization: Bearer …`)
        and a refresh token; `?useCookies=true` sets a session cookie instead. A cookie session that changes
        anything must also send `X-CSRF: 1`.

        **Errors.** Every error is an RFC 9457 ProblemDetails document (`application/problem+json`) with a stable
        `type` URI and, for state conflicts, a `code`; 400 answers list field errors under `errors`. A request
        refused changes nothing. 429 and 503 carry `Retry-After`.

        **Languages.** `Accept-Language: fr` answers in French (titles, messages, course content), else English.
        """;

    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Auth"] = "Accounts: register, confirm, sign in and out, tokens, passwords (ASP.NET Core Identity).",
        ["Me"] = "The signed-in user: profile, data export and erasure.",
        ["Catalog"] = "Published courses and their runs, public.",
        ["Enrolment"] = "Joining and leaving a run of a course.",
        ["Learning"] = "A learner's progress: outline, resume point, video heartbeats, readings.",
        ["Quizzes and grades"] = "Quiz attempts, autosave, submission and the course grade.",
        ["Certificates"] = "Certificates: mine, and the public verification (page, JSON, Open Badges credential, PDF, keys).",
        ["Studio"] = "Course authoring and learner support, for a course's staff.",
        ["Studio reports"] = "Reports on a course's learners, for its staff.",
        ["Administration"] = "Users, roles, course staff, certificate actions and the audit log, for admins.",
        ["Health"] = "Probes for load balancers and orchestrators.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "HiParis.Mooc API";
        document.Info.Description = Description;
        document.Info.Contact = new OpenApiContact { Name = "Hi! PARIS MOOC", Url = new Uri("https://www.hi-paris.fr/") };
        document.Servers = [new OpenApiServer { Url = (configuration["Mooc:PublicBaseUrl"] ?? "http://localhost:5080").TrimEnd('/') }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [OpenApiSetup.Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The access token of POST /api/auth/login or /api/auth/refresh (opaque).",
            },
            [OpenApiSetup.Cookie] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = ".AspNetCore.Identity.Application",
                Description = "The session cookie of POST /api/auth/login?useCookies=true; changes need the header X-CSRF: 1.",
            },
        };
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(tag => new OpenApiTag { Name = tag.Key, Description = tag.Value }));
        return Task.CompletedTask;
    }
}
