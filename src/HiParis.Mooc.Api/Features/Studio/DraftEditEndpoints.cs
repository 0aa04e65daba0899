using System.Security.Claims;
using System.Text.Json;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.OpenApi;
using HiParis.Mooc.Domain.Courses;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Studio;

/// <summary>What every edit of a draft takes from its request: the course, the ETag it starts from, who edits.</summary>
internal readonly record struct DraftEdit(string Slug, HttpContext Http, ClaimsPrincipal Principal, StudioServices Services, CancellationToken CancellationToken)
{
    public Task<Results<Ok<DraftResponse>, ProblemHttpResult, ValidationProblem>> ApplyAsync(string field, Func<CoursePackage, CoursePackage> edit) =>
        DraftEditEndpoints.EditAsync(this, field, edit);
}

/// <summary>Editing a draft piece by piece, each edit checked by the package validator's rules.</summary>
internal static class DraftEditEndpoints
{
    public static RouteGroupBuilder MapDraftEditEndpoints(this RouteGroupBuilder studio)
    {
        studio.MapPut(StudioApiPaths.DraftCourseRoute, ([AsParameters] DraftEdit edit, JsonElement body) =>
            edit.ApplyAsync("course", draft => DraftEdits.SetCourse(draft, DraftEdits.Read<CourseSettings>(body, "course"))))
            .WithBody<CourseSettings>().WithName("EditCourseSettings").WithSummary("Titles, summary, languages, effort, runs, grading and certificate rule.").WithETag().ProducesProblems(428);
        studio.MapPost(StudioApiPaths.DraftModulesRoute, ([AsParameters] DraftEdit edit, JsonElement body) =>
            edit.ApplyAsync("module", draft => DraftEdits.AddModule(draft, DraftEdits.Read<ModuleSettings>(body, "module"))))
            .WithBody<ModuleSettings>().WithName("AddModule").WithSummary("Add a module (a week) at the end.").WithETag().ProducesProblems(428);
        studio.MapPut(StudioApiPaths.DraftModuleOrderRoute, ([AsParameters] DraftEdit edit, JsonElement body) =>
            edit.ApplyAsync("keys", draft => DraftEdits.OrderModules(draft, DraftEdits.Read<KeyOrder>(body, "keys"))))
            .WithBody<KeyOrder>().WithName("OrderModules").WithSummary("Reorder the modules.").WithETag().ProducesProblems(428);
        studio.MapPut(StudioApiPaths.DraftModuleRoute, ([AsParameters] DraftEdit edit, string module, JsonElement body) =>
            edit.ApplyAsync("module", draft => DraftEdits.UpdateModule(draft, module, DraftEdits.Read<ModuleSettings>(body, "module"))))
            .WithBody<ModuleSettings>().WithName("EditModule").WithSummary("Change a module's titles, summary or week.").WithETag().ProducesProblems(428);
        studio.MapDelete(StudioApiPaths.DraftModuleRoute, ([AsParameters] DraftEdit edit, string module) =>
            edit.ApplyAsync("module", draft => DraftEdits.RemoveModule(draft, module)))
            .WithName("RemoveModule").WithSummary("Remove a module from the draft (items with learner data are archived when published, never deleted).").WithETag().ProducesProblems(428);
        studio.MapPost(StudioApiPaths.DraftItemsRoute, AddItemAsync).WithBody<ItemSpec>().WithName("AddItem").WithSummary("Add a video lesson, reading or quiz at the end of a module.").WithETag().ProducesProblems(428);
        studio.MapPut(StudioApiPaths.DraftItemOrderRoute, ([AsParameters] DraftEdit edit, string module, JsonElement body) =>
            edit.ApplyAsync("keys", draft => DraftEdits.OrderItems(draft, module, DraftEdits.Read<KeyOrder>(body, "keys"))))
            .WithBody<KeyOrder>().WithName("OrderItems").WithSummary("Reorder a module's items.").WithETag().ProducesProblems(428);
        studio.MapPut(StudioApiPaths.DraftItemRoute, ([AsParameters] DraftEdit edit, string item, JsonElement body) =>
            edit.ApplyAsync("item", draft => DraftEdits.UpdateItem(draft, item, DraftEdits.ReadItem(body, item))))
            .WithBody<ItemSpec>().WithName("EditItem").WithSummary("Replace an item (its type and key stay).").WithETag().ProducesProblems(428);
        studio.MapDelete(StudioApiPaths.DraftItemRoute, ([AsParameters] DraftEdit edit, string item) =>
            edit.ApplyAsync("item", draft => DraftEdits.RemoveItem(draft, item)))
            .WithName("RemoveItem").WithSummary("Remove an item from the draft.").WithETag().ProducesProblems(428);
        studio.MapPut(StudioApiPaths.DraftQuestionRoute, ([AsParameters] DraftEdit edit, string quiz, string question, JsonElement body) =>
            edit.ApplyAsync("question", draft => DraftEdits.SetQuestion(draft, quiz, question, DraftEdits.Read<QuestionSpec>(body, "question", node => node["key"] = question))))
            .WithBody<QuestionSpec>().WithName("SetQuestion").WithSummary("Add or replace a quiz question.").WithETag().ProducesProblems(428);
        studio.MapDelete(StudioApiPaths.DraftQuestionRoute, ([AsParameters] DraftEdit edit, string quiz, string question) =>
            edit.ApplyAsync("question", draft => DraftEdits.RemoveQuestion(draft, quiz, question)))
            .WithName("RemoveQuestion").WithSummary("Remove a quiz question.").WithETag().ProducesProblems(428);
        return studio;
    }

    /// <summary>One edit of the draft: refused when its ETag is stale (409) or when it adds a problem the package validator finds (400, naming the field).</summary>
    internal static async Task<Results<Ok<DraftResponse>, ProblemHttpResult, ValidationProblem>> EditAsync(DraftEdit request, string field, Func<CoursePackage, CoursePackage> edit)
    {
        var (slug, http, services, cancellationToken) = (request.Slug, request.Http, request.Services, request.CancellationToken);
        if (DraftETags.IfMatch(http) is not { } expected)
        {
            return DraftETags.PreconditionRequired();
        }

        if (await services.CourseAsync(slug, cancellationToken) is not { } course)
        {
            return DraftETags.CourseNotFound(slug);
        }

        if (await services.DraftAsync(course.Id, cancellationToken) is not { } draft)
        {
            return DraftETags.NoDraft(slug);
        }

        DraftETags.Expect(services, draft, expected);
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

        services.Store(draft, after, request.Principal.UserId());
        await services.Db.SaveChangesAsync(cancellationToken);
        DraftETags.Set(http, services, draft);
        return TypedResults.Ok(services.Response(slug, draft));
    }

    /// <summary>
    /// Adds an item. Its key must be new to the course's whole history, not only to the draft: a key an
    /// archived item of another type once had carries learner data of that type.
    /// </summary>
    private static async Task<Results<Ok<DraftResponse>, ProblemHttpResult, ValidationProblem>> AddItemAsync([AsParameters] DraftEdit edit, string module, JsonElement body)
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

        var db = edit.Services.Db;
        var earlier = await db.CourseItems.AsNoTracking()
            .Where(known => known.Key == item.Key && db.Courses.Any(course => course.Id == known.CourseId && course.Slug == edit.Slug))
            .Select(known => known.Type)
            .SingleOrDefaultAsync(edit.CancellationToken);
        if (earlier is not null && earlier != item.TypeName)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["key"] = [Pick($"The key '{item.Key}' was a {earlier} of this course: learner data refers to it. Choose another key.", $"La clé « {item.Key} » était un élément « {earlier} » de ce cours : des données d'apprenants s'y réfèrent. Choisissez une autre clé.")] });
        }

        return await edit.ApplyAsync("item", draft => DraftEdits.AddItem(draft, module, item));
    }
}
