using HiParis.Mooc.Api.Infrastructure.Media;
using HiParis.Mooc.Api.Infrastructure.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Courses.Content;

/// <summary>Media files under <c>/media/</c>, by signed address only, with byte ranges, validators and long caching.</summary>
public static class MediaEndpoints
{
    public const string MediaRoute = "/media/{*path}";

    public static IEndpointRouteBuilder MapMediaEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var (method, name) in new[] { ("GET", "Media"), ("HEAD", "MediaHead") })
        {
            app.MapMethods(MediaRoute, [method], Serve)
                .WithTags("Media").WithName(name).AllowAnonymous()
                .WithSummary("A course's media file (video, captions, image) at the signed address an item gave; supports Range (206).")
                .ProducesContent("video/webm").ProducesContent("video/mp4").ProducesContent("image/png").ProducesContent("image/jpeg")
                .ProducesContent("video/webm", 206).ProducesContent("video/mp4", 206)
                .ProducesProblems(403, 416);
        }

        return app;
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> Serve(string path, string? exp, string? sig, HttpContext http, MediaLinks links, MediaFiles files, CourseCatalog catalog, CancellationToken cancellationToken)
    {
        if (!links.IsValid(path, exp, sig) && !await IsPublicAsync(path, catalog, cancellationToken))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: Pick("This media address is not valid, or it expired.", "Cette adresse de média n'est pas valide, ou elle a expiré."),
                detail: Pick("Ask the item again for a fresh address.", "Redemandez l'élément pour obtenir une adresse à jour."),
                type: "https://hiparis-mooc.dev/problems/media.signature",
                extensions: new Dictionary<string, object?> { ["code"] = "media.signature" });
        }

        if (files.Find(path) is not { } file || MediaTypes.Of(file) is not { } type)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("Media not found.", "Média introuvable."), detail: path.Length > 100 ? path[..100] : path);
        }

        var info = new FileInfo(file);
        var etag = new EntityTagHeaderValue($"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\"");

        // A signed address expires, not the file: a client may keep what it fetched.
        http.Response.Headers.CacheControl = $"private, max-age={(int)MediaLinks.Lifetime.TotalSeconds}, immutable";
        return TypedResults.PhysicalFile(file, type, lastModified: info.LastWriteTimeUtc, entityTag: etag, enableRangeProcessing: true);
    }

    /// <summary>A course's image or a public item's video: the published course (its slug leads the path) says so.</summary>
    private static async Task<bool> IsPublicAsync(string path, CourseCatalog catalog, CancellationToken cancellationToken) =>
        path.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash
        && await catalog.EditionAsync(path[..slash], cancellationToken) is { } edition
        && edition.Package.PublicMedia.Contains(path, StringComparer.Ordinal);
}
