using System.Globalization;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Domain.Courses;
using Microsoft.AspNetCore.Http.HttpResults;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Studio;

/// <summary>A draft's ETag (its xmin): sent with every edit in <c>If-Match</c>, so nobody overwrites another's change unseen.</summary>
internal static class DraftETags
{
    public static uint? IfMatch(HttpContext http)
    {
        var value = http.Request.Headers.IfMatch.ToString().Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return uint.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var etag) ? etag : null;
    }

    public static void Set(HttpContext http, StudioServices services, CourseVersion draft) =>
        http.Response.Headers.ETag = $"\"{services.ETagOf(draft).ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// Refuses an edit based on another version of the draft (409) before anything changes, and makes the
    /// save check the same version: a change committed in between fails it too.
    /// </summary>
    public static void Expect(StudioServices services, CourseVersion draft, uint expected)
    {
        if (services.ETagOf(draft) != expected)
        {
            throw new DraftChangedException();
        }

        services.Db.ExpectRowVersion(draft, expected);
    }

    public static ProblemHttpResult PreconditionRequired() => TypedResults.Problem(
        statusCode: StatusCodes.Status428PreconditionRequired,
        title: Pick("Send the draft's ETag in If-Match.", "Envoyez l'ETag du brouillon dans If-Match."),
        detail: Pick("Edits name the draft they start from, so that nobody overwrites another's change unseen.", "Une modification nomme le brouillon dont elle part, pour que personne n'écrase sans le voir le travail d'un autre."));

    public static ProblemHttpResult CourseNotFound(string slug) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("Course not found.", "Cours introuvable."), detail: slug);

    public static ProblemHttpResult NoDraft(string slug) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("The course has no draft.", "Le cours n'a pas de brouillon."), detail: Pick($"Start one with POST {StudioApiPaths.Draft(slug)}.", $"Commencez-en un avec POST {StudioApiPaths.Draft(slug)}."));
}
