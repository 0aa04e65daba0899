using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain;
using HiParis.Mooc.Domain.Learning;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Infrastructure.Errors;

/// <summary>
/// Turns the exceptions that reach the top into RFC 9457 answers: bad requests 400, domain refusals and
/// lost races 409, an unreachable database 503. Anything else is a bug: 500, logged, with no details.
/// </summary>
internal sealed class GlobalExceptionHandler(IProblemDetailsService problemDetails, ILogger<GlobalExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var problem = exception switch
        {
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = Pick("The request is malformed.", "La requête est mal formée."),
                Detail = BadRequestDetail(bad),
            },
            InvalidTransitionException transition => Conflict(transition, transition.Code),
            ItemLockedException locked => Locked(locked),
            QuizAttemptTooSoonException early => TooSoon(early),
            DomainException domain => Conflict(domain, domain.Code),
            _ when IsUnstorableText(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = Pick("The request holds text that cannot be stored.", "La requête contient du texte qui ne peut pas être enregistré."),
                Detail = Pick("Remove control characters such as NUL.", "Retirez les caractères de contrôle comme NUL."),
                Type = "https://hiparis-mooc.dev/problems/unstorable-text",
            },
            _ when exception is DbUpdateConcurrencyException || DatabaseFaults.IsRolledBackConflict(exception) || (exception is DbUpdateException && Retry.IsUniqueViolation(exception)) => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = Pick("Someone else changed this at the same time.", "Quelqu'un d'autre a modifié cela en même temps."),
                Detail = Pick("Reload and try again.", "Rechargez et réessayez."),
                Type = "https://hiparis-mooc.dev/problems/concurrency-conflict",
            },
            ServiceBusyException busy => Busy(httpContext, busy),
            _ when IsDatabaseUnavailable(exception) => DatabaseUnavailable(httpContext),
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = Pick("An unexpected error occurred.", "Une erreur inattendue s'est produite."),
            };
        }
        else if (exception is ServiceBusyException)
        {
            logger.LogWarning("Busy on {Method} {Path}: refused before its work began", httpContext.Request.Method, httpContext.Request.Path);
        }
        else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            // No stack trace: during an outage every request fails the same way.
            logger.LogWarning("Database unavailable on {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.GetBaseException().Message);
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    public static ProblemDetails DatabaseUnavailable(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = "5";
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = Pick("The service is temporarily unavailable.", "Le service est momentanément indisponible."),
            Detail = Pick("The database cannot be reached. Try again in a few seconds.", "La base de données est injoignable. Réessayez dans quelques secondes."),
            Type = "https://hiparis-mooc.dev/problems/database-unavailable",
        };
    }

    /// <summary>More requests wait on this instance than it takes (<see cref="Admission"/>): nothing was done.</summary>
    private static ProblemDetails Busy(HttpContext httpContext, ServiceBusyException busy)
    {
        var seconds = busy.RetryAfterSeconds;
        httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = Pick("The service is busy.", "Le service est très sollicité."),
            Detail = Pick($"Nothing was done. Try again in {seconds} seconds.", $"Rien n'a été fait. Réessayez dans {seconds} secondes."),
            Type = "https://hiparis-mooc.dev/problems/busy",
        };
    }

    /// <summary>True when the failure comes from not reaching PostgreSQL, not from what the request asked.</summary>
    internal static bool IsDatabaseUnavailable(Exception exception) => DatabaseFaults.IsUnavailable(exception);

    /// <summary>PostgreSQL refused a character of the request's text (22021: NUL in text, 22P05: NUL in jsonb): bad input, not a fault.</summary>
    private static bool IsUnstorableText(Exception exception) =>
        exception.GetBaseException() is PostgresException { SqlState: "22021" or "22P05" };

    /// <summary>What was wrong with the request, in words a client can act on: where in the JSON, never a .NET type.</summary>
    private static string BadRequestDetail(BadHttpRequestException bad) => bad.InnerException switch
    {
        System.Text.Json.JsonException { Path: { Length: > 0 } path } => Pick(
            $"The body is not the JSON this operation takes: the value at {path} has the wrong type or form.",
            $"Le corps n'est pas le JSON qu'attend cette opération : la valeur en {path} n'a pas le bon type ou la bonne forme."),
        System.Text.Json.JsonException => Pick("The body is not valid JSON.", "Le corps n'est pas du JSON valide."),
        _ when bad.StatusCode == StatusCodes.Status415UnsupportedMediaType => Pick("Send the body as application/json.", "Envoyez le corps en application/json."),
        _ when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => Pick("This operation needs a JSON body.", "Cette opération demande un corps JSON."),
        _ => Pick("A value of the address or the query is missing or has the wrong form.", "Une valeur de l'adresse ou de la requête manque ou n'a pas la bonne forme."),
    };

    private static ProblemDetails Locked(ItemLockedException locked)
    {
        var problem = Conflict(locked, locked.Code);
        problem.Title = Pick("This item is not open yet.", "Cet élément n'est pas encore ouvert.");
        problem.Extensions["opensAt"] = locked.OpensAt;
        return problem;
    }

    private static ProblemDetails TooSoon(QuizAttemptTooSoonException early)
    {
        var problem = Conflict(early, early.Code);
        problem.Title = Pick("The next attempt is not open yet.", "La prochaine tentative n'est pas encore ouverte.");
        problem.Extensions["availableAt"] = early.AvailableAt;
        return problem;
    }

    private static ProblemDetails Conflict(DomainException exception, string code) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = Pick("The request conflicts with the current state.", "La requête est incompatible avec l'état actuel."),
        Detail = DomainProblemText.Detail(exception),
        Type = $"https://hiparis-mooc.dev/problems/{code}",
        Extensions = { ["code"] = code },
    };
}
