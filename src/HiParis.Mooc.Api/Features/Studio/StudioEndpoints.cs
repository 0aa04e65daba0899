using System.Globalization;
using System.IO.Compression;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Domain.Courses;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Studio;

public sealed record PublishResponse(string Course, int Version, string State);

public sealed record StudioCourseResponse(string Slug, string Title, int? PublishedVersion, bool HasDraft);

/// <summary>
/// Authoring under <c>/api/studio/courses/{slug}</c>, for the course's staff (and admins): a draft edited
/// piece by piece with the package validator's rules, previewed, published as a new version, exchanged
/// as a zip in the <c>courses/</c> layout. Every edit sends the draft's ETag in <c>If-Match</c>: an edit
/// based on a draft someone changed since is refused (409), never applied over their change.
/// </summary>
public static class StudioEndpoints
{
    private const long MaxZipBytes = 20 * 1024 * 1024;
    private const long MaxExpandedBytes = 50 * 1024 * 1024;
    private static readonly DateTimeOffset ZipTimestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IServiceCollection AddStudio(this IServiceCollection services)
    {
        services.AddScoped<StudioServices>();
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, CourseStaffHandler>();
        services.AddAuthorizationBuilder().AddPolicy(CourseStaffRequirement.Policy, policy => policy.RequireAuthenticatedUser().AddRequirements(new CourseStaffRequirement()));
        return services;
    }

    public static IEndpointRouteBuilder MapStudioEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(StudioApiPaths.MyCourses, MyCourses).WithTags("Studio").RequireAuthorization().WithName("StudioCourses").WithSummary("The courses I staff (every course for an admin).");

        var studio = app.MapGroup("/api/studio/courses/{slug}").WithTags("Studio").RequireAuthorization(CourseStaffRequirement.Policy);
        studio.MapGet("/draft", GetDraft).WithName("GetDraft").WithSummary("The draft, its problems, and its ETag.");
        studio.MapPost("/draft", CreateDraft).WithName("CreateDraft").WithSummary("Start a draft from the published version (or get the one being edited).");
        studio.MapDelete("/draft", DiscardDraft).WithName("DiscardDraft").WithSummary("Discard the draft (If-Match).");
        studio.MapPut("/draft/course", (string slug, JsonElement body, HttpContext http, ClaimsPrincipal principal, [FromServices] StudioServices services, CancellationToken ct) =>
            EditAsync(slug, "course", http, principal, services, draft => DraftEdits.SetCourse(draft, DraftEdits.Read<CourseSettings>(body, "course")), ct))
            .WithName("EditCourseSettings").WithSummary("Titles, summary, languages, effort, runs, grading and certificate rule.");
        studio.MapPost("/draft/modules", (string slug, JsonElement body, HttpContext http, ClaimsPrincipal principal, [FromServices] StudioServices services, CancellationToken ct) =>
            EditAsync(slug, "module", http, principal, services, draft => DraftEdits.AddModule(draft, DraftEdits.Read<ModuleSettings>(body, "module")), ct))
            .WithName("AddModule").WithSummary("Add a module (a week) at the end.");
        studio.MapPut("/draft/modules/order", (string slug, JsonElement body, HttpContext http, ClaimsPrincipal principal, [FromServices] StudioServices services, CancellationToken ct) =>
            EditAsync(slug, "keys", http, principal, services, draft => DraftEdits.OrderModules(draft, DraftEdits.Read<KeyOrder>(body, "keys")), ct))
            .WithName("OrderModules").WithSummary("Reorder the modules.");
        studio.MapPut("/draft/modules/{module}", (string slug, string module, JsonElement body, HttpContext http, ClaimsPrincipal principal, [FromServices] StudioServices services, CancellationToken ct) =>
            EditAsync(slug, "module", http, principal, services, draft => DraftEdits.UpdateModule(draft, module, DraftEdits.Read<ModuleSettings>(body, "module")), ct))
            .WithName("EditModule").WithSummary("Change a module's titles, summary or week.");
        studio.MapDelete("/draft/modules/{module}", (string slug, string module, HttpContext http, ClaimsPrincipal principal, [FromServices] StudioServices services, CancellationToken ct) =>
            EditAsync(slug, "module", http, principal, services, draft => DraftEdits.RemoveModule(draft, module), ct))
            .WithName("RemoveModule").WithSummary("Remove a module from the draft (items with learner data are archived when published, never deleted).");
        studio.MapPost("/draft/modules/{module}/items", AddItemAsync)
            .WithName("AddItem").WithSummary("Add a video lesson, reading or quiz at the end of a module.");
        studio.MapPut("/draft/modules/{module}/items/order", (string slug, string module, JsonElement body, HttpContext http, ClaimsPrincipal principal, [FromServices] StudioServices services, CancellationToken ct) =>
            EditAsync(slug, "keys", http, principal, services, draft => DraftEdits.OrderItems(draft, module, DraftEdits.Read<KeyOrder>(body, "keys")), ct))
            .WithName("OrderItems").WithSummary("Reorder a module's items.");
        studio.MapPut("/draft/items/{item}", (string slug, string item, JsonElement body, HttpContext http, ClaimsPrincipal principal, [FromServices] StudioServices services, CancellationToken ct) =>
            EditAsync(slug, "item", http, principal, services, draft => DraftEdits.UpdateItem(draft, item, DraftEdits.ReadItem(body, item)), ct))
            .WithName("EditItem").WithSummary("Replace an item (its type and key stay).");
        studio.MapDelete("/draft/items/{item}", (string slug, string item, HttpContext http, ClaimsPrincipal principal, [FromServices] StudioServices services, CancellationToken ct) =>
            EditAsync(slug, "item", http, principal, services, draft => DraftEdits.RemoveItem(draft, item), ct))
            .WithName("RemoveItem").WithSummary("Remove an item from the draft.");
        studio.MapPut("/draft/quizzes/{quiz}/questions/{question}", (string slug, string quiz, string question, JsonElement body, HttpContext http, ClaimsPrincipal principal, [FromServices] StudioServices services, CancellationToken ct) =>
            EditAsync(slug, "question", http, principal, services, draft => DraftEdits.SetQuestion(draft, quiz, question, DraftEdits.Read<QuestionSpec>(body, "question", node => node["key"] = question)), ct))
            .WithName("SetQuestion").WithSummary("Add or replace a quiz question.");
        studio.MapDelete("/draft/quizzes/{quiz}/questions/{question}", (string slug, string quiz, string question, HttpContext http, ClaimsPrincipal principal, [FromServices] StudioServices services, CancellationToken ct) =>
            EditAsync(slug, "question", http, principal, services, draft => DraftEdits.RemoveQuestion(draft, quiz, question), ct))
            .WithName("RemoveQuestion").WithSummary("Remove a quiz question.");
        studio.MapGet("/draft/preview", Preview).WithName("PreviewDraft").WithSummary("The draft as a learner would see it in the catalog.");
        studio.MapPost("/draft/publish", Publish).WithName("PublishDraft").WithSummary("Publish the draft as the new version (If-Match); learners keep their progress, attempts and grades.");
        studio.MapGet("/export", Export).WithName("ExportCourse").WithSummary("The published course (or ?from=draft) as a zip in the courses/ layout.").Produces(200, contentType: "application/zip");
        studio.MapPost("/import", Import).WithName("ImportCourse").WithSummary("A zip in the courses/ layout (the request body, application/zip) becomes the draft (If-Match when a draft exists).");
        return app;
    }

    private static async Task<Ok<List<StudioCourseResponse>>> MyCourses(ClaimsPrincipal principal, [FromServices] StudioServices services, CancellationToken cancellationToken)
    {
        var userId = services.UserId(principal);
        var admin = principal.IsInRole(Infrastructure.Identity.Roles.Admin);
        var rows = await services.Db.Courses.AsNoTracking()
            .Where(course => admin || services.Db.CourseStaff.Any(staff => staff.CourseId == course.Id && staff.UserId == userId))
            .OrderBy(course => course.Slug)
            .Select(course => new
            {
                course.Slug,
                Published = services.Db.CourseVersions.Where(v => v.CourseId == course.Id && v.State == ContentState.Published).Select(v => new { v.Number, v.Content }).FirstOrDefault(),
                Draft = services.Db.CourseVersions.Where(v => v.CourseId == course.Id && v.State == ContentState.Draft).Select(v => v.Content).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(row => new StudioCourseResponse(
            row.Slug,
            (row.Published?.Content ?? row.Draft) is { } content ? CatalogMapping.Local(CourseContentJson.Deserialize(content).Title) : row.Slug,
            row.Published?.Number,
            row.Draft is not null)).ToList());
    }

    private static async Task<Results<Ok<DraftResponse>, ProblemHttpResult>> GetDraft(string slug, HttpContext http, [FromServices] StudioServices services, CancellationToken cancellationToken)
    {
        if (await services.CourseAsync(slug, cancellationToken) is not { } course)
        {
            return CourseNotFound(slug);
        }

        if (await services.DraftAsync(course.Id, cancellationToken) is not { } draft)
        {
            return NoDraft(slug);
        }

        SetETag(http, services, draft);
        return TypedResults.Ok(services.Response(slug, draft));
    }

    private static async Task<Results<Created<DraftResponse>, Ok<DraftResponse>, ProblemHttpResult>> CreateDraft(
        string slug,
        HttpContext http,
        ClaimsPrincipal principal,
        [FromServices] StudioServices services,
        CancellationToken cancellationToken)
    {
        if (await services.CourseAsync(slug, cancellationToken) is not { } course)
        {
            return CourseNotFound(slug);
        }

        var (draft, created) = await ConcurrencyRetry.RunAsync(services.Db, async ct =>
        {
            if (await services.DraftAsync(course.Id, ct) is { } existing)
            {
                return (existing, false);
            }

            // A draft starts from the published version, or, for a course never published, from its titles.
            var published = await services.Db.CourseVersions.AsNoTracking().SingleOrDefaultAsync(v => v.CourseId == course.Id && v.State == ContentState.Published, ct);
            var content = published?.Content ?? CourseContentJson.Serialize(DraftEdits.Shell(slug, new() { ["en"] = slug }, null));
            var number = 1 + (await services.Db.CourseVersions.Where(v => v.CourseId == course.Id).MaxAsync(v => (int?)v.Number, ct) ?? 0);
            var fresh = CourseVersion.Draft(course.Id, number, published?.ContentHash ?? PackageWriter.ContentHash(CourseContentJson.Deserialize(content)), content, services.UserId(principal), services.Now);
            services.Db.CourseVersions.Add(fresh);
            await services.Db.SaveChangesAsync(ct);
            return (fresh, true);
        }, cancellationToken);

        SetETag(http, services, draft);
        var response = services.Response(slug, draft);
        return created ? TypedResults.Created(StudioApiPaths.Draft(slug), response) : TypedResults.Ok(response);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DiscardDraft(string slug, HttpContext http, [FromServices] StudioServices services, CancellationToken cancellationToken)
    {
        if (IfMatch(http) is not { } expected)
        {
            return PreconditionRequired();
        }

        if (await services.CourseAsync(slug, cancellationToken) is not { } course || await services.DraftAsync(course.Id, cancellationToken) is not { } draft)
        {
            return NoDraft(slug);
        }

        services.Db.Entry(draft).Property<uint>("Version").OriginalValue = expected;
        services.Db.CourseVersions.Remove(draft);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>One edit of the draft: refused when its ETag is stale (409) or when it adds a problem the package validator finds (400, naming the field).</summary>
    private static async Task<Results<Ok<DraftResponse>, ProblemHttpResult, ValidationProblem>> EditAsync(
        string slug,
        string field,
        HttpContext http,
        ClaimsPrincipal principal,
        StudioServices services,
        Func<CoursePackage, CoursePackage> edit,
        CancellationToken cancellationToken)
    {
        if (IfMatch(http) is not { } expected)
        {
            return PreconditionRequired();
        }

        if (await services.CourseAsync(slug, cancellationToken) is not { } course)
        {
            return CourseNotFound(slug);
        }

        if (await services.DraftAsync(course.Id, cancellationToken) is not { } draft)
        {
            return NoDraft(slug);
        }

        services.Db.Entry(draft).Property<uint>("Version").OriginalValue = expected;
        var before = CourseContentJson.Deserialize(draft.Content);
        CoursePackage after;
        string[] added;
        try
        {
            after = edit(before);

            // Something wrong is refused; something still missing (a run, a date, a quiz not yet written) waits for publishing.
            var known = StudioServices.Problems(before).ToHashSet(StringComparer.Ordinal);
            added = [.. StudioServices.Check(after).Where(problem => !problem.Incomplete && !known.Contains(problem.Message)).Select(problem => problem.Message)];
        }
        catch (DraftEditException refused) when (refused.NotFound)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("Not found in the draft.", "Introuvable dans le brouillon."), detail: refused.Message);
        }
        catch (DraftEditException refused)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [refused.Field] = [refused.Message] });
        }
        catch (Exception malformed) when (malformed is NullReferenceException or InvalidOperationException or NotSupportedException or ArgumentException or KeyNotFoundException)
        {
            // A body JSON accepted but the content model cannot hold (a null where a value is needed, a
            // missing type): the rules cannot even be checked on it.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [Pick("A required value is missing or null.", "Une valeur requise manque ou est nulle.")] });
        }
        if (added.Length > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = added }, title: Pick("The edit breaks a rule of course packages.", "La modification enfreint une règle des paquets de cours."));
        }

        services.Store(draft, after, services.UserId(principal));
        await services.Db.SaveChangesAsync(cancellationToken);
        SetETag(http, services, draft);
        return TypedResults.Ok(services.Response(slug, draft));
    }

    /// <summary>
    /// Adds an item. Its key must be new to the course's whole history, not only to the draft: a key an
    /// archived item of another type once had carries learner data of that type.
    /// </summary>
    private static async Task<Results<Ok<DraftResponse>, ProblemHttpResult, ValidationProblem>> AddItemAsync(
        string slug,
        string module,
        JsonElement body,
        HttpContext http,
        ClaimsPrincipal principal,
        [FromServices] StudioServices services,
        CancellationToken cancellationToken)
    {
        ItemSpec item;
        try
        {
            item = DraftEdits.ReadItem(body);
        }
        catch (DraftEditException refused)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [refused.Field] = [refused.Message] });
        }
        catch (Exception malformed) when (malformed is InvalidOperationException or NotSupportedException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["item"] = [Pick("An item needs a 'type' and a string 'key'.", "Un élément a besoin d'un « type » et d'une « key » textuelle.")] });
        }

        var earlier = await services.Db.CourseItems.AsNoTracking()
            .Where(known => known.Key == item.Key && services.Db.Courses.Any(course => course.Id == known.CourseId && course.Slug == slug))
            .Select(known => known.Type)
            .SingleOrDefaultAsync(cancellationToken);
        if (earlier is not null && earlier != item.TypeName)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["key"] = [$"The key '{item.Key}' was a {earlier} of this course: learner data refers to it. Choose another key."] });
        }

        return await EditAsync(slug, "item", http, principal, services, draft => DraftEdits.AddItem(draft, module, item), cancellationToken);
    }

    private static async Task<Results<Ok<CourseDetailResponse>, ProblemHttpResult>> Preview(string slug, [FromServices] StudioServices services, CancellationToken cancellationToken)
    {
        if (await services.CourseAsync(slug, cancellationToken) is not { } course || await services.DraftAsync(course.Id, cancellationToken) is not { } draft)
        {
            return NoDraft(slug);
        }

        return TypedResults.Ok(CourseContentJson.Deserialize(draft.Content).ToDetail(services.Now));
    }

    private static async Task<Results<Ok<PublishResponse>, ProblemHttpResult, ValidationProblem>> Publish(string slug, HttpContext http, [FromServices] StudioServices services, CancellationToken cancellationToken)
    {
        if (IfMatch(http) is not { } expected)
        {
            return PreconditionRequired();
        }

        if (await services.CourseAsync(slug, cancellationToken) is not { } course || await services.DraftAsync(course.Id, cancellationToken) is not { } draft)
        {
            return NoDraft(slug);
        }

        var package = CourseContentJson.Deserialize(draft.Content);
        var publishedHash = await services.Db.CourseVersions.AsNoTracking().Where(v => v.CourseId == course.Id && v.State == ContentState.Published).Select(v => v.ContentHash).SingleOrDefaultAsync(cancellationToken);
        if (services.ETagOf(draft) == expected && publishedHash == PackageWriter.ContentHash(package))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: Pick("The draft is the published version.", "Le brouillon est identique à la version publiée."),
                detail: Pick("Change something, or discard the draft.", "Modifiez quelque chose, ou abandonnez le brouillon."),
                type: "https://hiparis-mooc.dev/problems/studio.nothing-to-publish",
                extensions: new Dictionary<string, object?> { ["code"] = "studio.nothing-to-publish" });
        }

        try
        {
            var number = await services.Importer.PublishDraftAsync(slug, course.Id, expected, StudioServices.Problems, cancellationToken);
            return TypedResults.Ok(new PublishResponse(slug, number, "published"));
        }
        catch (DraftNotPublishableException refused)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["course"] = [.. refused.Problems] }, title: Pick("The draft cannot be published yet.", "Le brouillon ne peut pas encore être publié."));
        }
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(string slug, [FromServices] StudioServices services, CancellationToken cancellationToken, string from = "published")
    {
        if (await services.CourseAsync(slug, cancellationToken) is not { } course)
        {
            return CourseNotFound(slug);
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
        [FromServices] StudioServices services,
        CancellationToken cancellationToken)
    {
        if (await services.CourseAsync(slug, cancellationToken) is not { } course)
        {
            return CourseNotFound(slug);
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
            draft = CourseVersion.Draft(course.Id, number, "", "", services.UserId(principal), services.Now);
            services.Db.CourseVersions.Add(draft);
        }
        else if (IfMatch(http) is { } expected)
        {
            services.Db.Entry(draft).Property<uint>("Version").OriginalValue = expected;
        }
        else
        {
            return PreconditionRequired();
        }

        services.Store(draft, package, services.UserId(principal));
        try
        {
            await services.Db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException race) when (ConcurrencyRetry.IsUniqueViolation(race))
        {
            // Another import or "open draft" made the draft first: this upload must not overwrite it unseen.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: Pick("Someone else opened a draft at the same time.", "Quelqu'un d'autre a ouvert un brouillon en même temps."),
                detail: Pick("Reload the draft, then import again with its ETag.", "Rechargez le brouillon, puis importez à nouveau avec son ETag."),
                type: "https://hiparis-mooc.dev/problems/concurrency-conflict");
        }
        SetETag(http, services, draft);
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

    private static uint? IfMatch(HttpContext http)
    {
        var value = http.Request.Headers.IfMatch.ToString().Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return uint.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var etag) ? etag : null;
    }

    private static void SetETag(HttpContext http, StudioServices services, CourseVersion draft) =>
        http.Response.Headers.ETag = $"\"{services.ETagOf(draft).ToString(CultureInfo.InvariantCulture)}\"";

    private static ProblemHttpResult PreconditionRequired() => TypedResults.Problem(
        statusCode: StatusCodes.Status428PreconditionRequired,
        title: Pick("Send the draft's ETag in If-Match.", "Envoyez l'ETag du brouillon dans If-Match."),
        detail: Pick("Edits name the draft they start from, so that nobody overwrites another's change unseen.", "Une modification nomme le brouillon dont elle part, pour que personne n'écrase sans le voir le travail d'un autre."));

    private static ProblemHttpResult CourseNotFound(string slug) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("Course not found.", "Cours introuvable."), detail: slug);

    private static ProblemHttpResult NoDraft(string slug) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Pick("The course has no draft.", "Le cours n'a pas de brouillon."), detail: Pick($"Start one with POST {StudioApiPaths.Draft(slug)}.", $"Commencez-en un avec POST {StudioApiPaths.Draft(slug)}."));
}
