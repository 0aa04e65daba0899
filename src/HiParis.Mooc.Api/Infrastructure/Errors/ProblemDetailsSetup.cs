using System.Diagnostics;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Infrastructure.Errors;

public static class ProblemDetailsSetup
{
    public static IServiceCollection AddMoocProblemDetails(this IServiceCollection services)
    {
        services.AddExceptionHandler<GlobalExceptionHandler>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;

            // The exception handler clears the response's headers; say again which language this is in.
            context.HttpContext.Response.Headers.ContentLanguage = Language;
            if (IsFrench && problem.Status is { } status && FrenchTitles.TryGetValue(status, out var title) && IsDefaultTitle(problem.Title))
            {
                problem.Title = title;
            }

            // Identity's keys are its error codes (PasswordTooShort), kept as Identity documents them.
            if (problem is HttpValidationProblemDetails validation && !context.HttpContext.Request.Path.StartsWithSegments("/api/auth", StringComparison.OrdinalIgnoreCase))
            {
                validation.Errors = validation.Errors.ToDictionary(error => FieldName(error.Key), error => error.Value, StringComparer.Ordinal);
            }
        });

        // Malformed JSON and wrong types throw BadHttpRequestException, which the handler answers with details.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    private static readonly Dictionary<int, string> FrenchTitles = new()
    {
        [400] = "Requête incorrecte",
        [401] = "Authentification requise",
        [403] = "Accès refusé",
        [404] = "Introuvable",
        [405] = "Méthode non autorisée",
        [409] = "Conflit",
        [413] = "Contenu trop volumineux",
        [415] = "Type de contenu non pris en charge",
        [429] = "Trop de requêtes",
        [500] = "Erreur interne",
        [503] = "Service indisponible",
    };

    private static readonly HashSet<string> EnglishDefaults =
    [
        "Bad Request", "Unauthorized", "Forbidden", "Not Found", "Method Not Allowed", "Conflict",
        "Payload Too Large", "Content Too Large", "Unsupported Media Type", "Too Many Requests",
        "An error occurred while processing your request.", "Service Unavailable",
        "One or more validation errors occurred.",
    ];

    private static bool IsDefaultTitle(string? title) => title is null || EnglishDefaults.Contains(title);

    /// <summary>Field names as the JSON spells them (<c>DisplayName</c> → <c>displayName</c>, <c>Segments[0].End</c> → <c>segments[0].end</c>); a header name stays as it is.</summary>
    internal static string FieldName(string key) => key.Contains('-', StringComparison.Ordinal)
        ? key
        : string.Join('.', key.Split('.').Select(part => part.Length > 0 && char.IsUpper(part[0]) ? char.ToLowerInvariant(part[0]) + part[1..] : part));
}
