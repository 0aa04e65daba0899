using System.Globalization;
using System.IO.Compression;
using System.Security.Claims;
using System.Text;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.OpenApi;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Domain.Courses;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Studio;

/// <summary>A course as a zip in the <c>courses/</c> layout: exported from a version, imported as the draft.</summary>
internal static class PackageExchangeEndpoints
{
    private const long MaxZipBytes = 20 * 1024 * 1024;
    private const long MaxExpandedBytes = 50 * 1024 * 1024;
    private static readonly DateTimeOffset ZipTimestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static RouteGroupBuilder MapPackageExchangeEndpoints(this RouteGroupBuilder studio)
    {
        studio.MapGet(StudioApiPaths.ExportRoute, Export).WithName("ExportCourse").WithSummary("The published course (or ?from=draft) as a zip in the courses/ layout.").ProducesContent("application/zip");
        studio.MapPost(StudioApiPaths.ImportRoute, Import).WithName("ImportCourse").WithSummary("A zip in the courses/ layout (the request body, application/zip) becomes the draft (If-Match when a draft exists).").WithETag().ProducesProblems(428);
        return studio;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(string slug, StudioServices services, CancellationToken cancellationToken, string from = "published")
    {
        if (await services.CourseAsync(slug, cancellationToken) is not { } course)
        {
            return DraftETags.CourseNotFound(slug);
        }

        var state = from == "draft" ? ContentState.Draft : ContentState.Published;
        var content = await services.Db.CourseVersions.AsNoTracking().Where(v => v.CourseId == course.Id && v.State == state).Select(v => v.Content).SingleOrDefaultAsync(cancellationToken);
        if (content is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick($"The course has no {from} version.", $"Le cours n'a pas de version {from}."), detail: slug);
        }

        return TypedResults.File(Zip(PackageWriter.Write(CourseContentJson.Deserialize(content))), "application/zip", $"{slug}.zip");
    }

    private static async Task<Results<Ok<DraftResponse>, Created<DraftResponse>, ProblemHttpResult, ValidationProblem>> Import(
        string slug,
        HttpContext http,
        ClaimsPrincipal principal,
        StudioServices services,
        CancellationToken cancellationToken)
    {
        if (await services.CourseAsync(slug, cancellationToken) is not { } course)
        {
            return DraftETags.CourseNotFound(slug);
        }

        var (package, errors) = await ReadZipAsync(http.Request, slug, cancellationToken);
        if (package is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["package"] = errors }, title: Pick("The package is not valid.", "Le paquet n'est pas valide."));
        }

        var draft = await services.DraftAsync(course.Id, cancellationToken);
        var created = draft is null;
        if (draft is null)
        {
            var number = 1 + (await services.Db.CourseVersions.Where(v => v.CourseId == course.Id).MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0);
            draft = CourseVersion.Draft(course.Id, number, "", "", principal.UserId(), services.Now);
            services.Db.CourseVersions.Add(draft);
        }
        else if (DraftETags.IfMatch(http) is { } expected)
        {
            DraftETags.Expect(services, draft, expected);
        }
        else
        {
            return DraftETags.PreconditionRequired();
        }

        services.Store(draft, package, principal.UserId());
        try
        {
            await services.Db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException race) when (Retry.IsUniqueViolation(race))
        {
            // Another import or "open draft" made the draft first: this upload must not overwrite it unseen.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: Pick("Someone else opened a draft at the same time.", "Quelqu'un d'autre a ouvert un brouillon en même temps."),
                detail: Pick("Reload the draft, then import again with its ETag.", "Rechargez le brouillon, puis importez à nouveau avec son ETag."),
                type: "https://hiparis-mooc.dev/problems/concurrency-conflict");
        }
        DraftETags.Set(http, services, draft);
        var response = services.Response(slug, draft);
        return created ? TypedResults.Created(StudioApiPaths.Draft(slug), response) : TypedResults.Ok(response);
    }

    /// <summary>The package files in a zip, entries in path order with a fixed date: the same course gives the same bytes.</summary>
    internal static byte[] Zip(SortedDictionary<string, string> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = ZipTimestamp;
                using var stream = entry.Open();
                var bytes = new UTF8Encoding(false).GetBytes(content);
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a zip upload into a package, through the same reader (and problems) as <c>courses validate</c>.</summary>
    private static async Task<(CoursePackage? Package, string[] Errors)> ReadZipAsync(HttpRequest request, string slug, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        var read = new byte[81920];
        int count;
        while ((count = await request.Body.ReadAsync(read, cancellationToken)) > 0)
        {
            body.Write(read, 0, count);
            if (body.Length > MaxZipBytes)
            {
                return (null, [string.Create(CultureInfo.InvariantCulture, $"A package is at most {MaxZipBytes / 1024 / 1024} MB.")]);
            }
        }

        var buffer = new byte[81920];
        var folder = Directory.CreateTempSubdirectory("mooc-import-");
        try
        {
            body.Position = 0;
            try
            {
                using var zip = new ZipArchive(body, ZipArchiveMode.Read);
                if (zip.Entries.Count > 5000)
                {
                    return (null, ["A package has at most 5000 files."]);
                }

                long expanded = 0;
                foreach (var entry in zip.Entries)
                {
                    if (entry.FullName.Length > 400 || entry.FullName.Any(char.IsControl))
                    {
                        return (null, ["An entry's name is too long or holds control characters."]);
                    }

                    var target = Path.GetFullPath(Path.Combine(folder.FullName, entry.FullName));
                    if (!target.StartsWith(folder.FullName + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    {
                        return (null, [$"'{entry.FullName}' points outside the package."]);
                    }

                    if (entry.FullName.EndsWith('/'))
                    {
                        continue;
                    }

                    // What the archive claims is not trusted: the bytes written are counted (a zip bomb stops here).
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await using var source = entry.Open();
                    await using var file = File.Create(target);
                    int chunk;
                    while ((chunk = await source.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        expanded += chunk;
                        if (expanded > MaxExpandedBytes)
                        {
                            return (null, [string.Create(CultureInfo.InvariantCulture, $"A package expands to at most {MaxExpandedBytes / 1024 / 1024} MB.")]);
                        }

                        await file.WriteAsync(buffer.AsMemory(0, chunk), cancellationToken);
                    }
                }
            }
            catch (Exception unreadable) when (unreadable is InvalidDataException or IOException or ArgumentException or UnauthorizedAccessException or NotSupportedException)
            {
                return (null, [$"Not a readable zip archive of a package: {unreadable.Message}"]);
            }

            var root = Path.Combine(folder.FullName, slug);
            if (!File.Exists(Path.Combine(root, PackageReader.CourseFile)))
            {
                return (null, [$"The zip must hold {slug}/{PackageReader.CourseFile}."]);
            }

            var (package, problems) = PackageReader.Read(root);
            if (package is null || problems.Any)
            {
                return (null, [.. problems.All.Select(problem => $"{problem.File}:{problem.Line}: {problem.Message}")]);
            }

            return package.Slug == slug ? (package, []) : (null, [$"The package is course '{package.Slug}', not '{slug}'."]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
