using HiParis.Mooc.Api.Infrastructure.Http;

namespace HiParis.Mooc.Api.Features.Studio;

/// <summary>The studio's routes: one template each, mapped by the endpoints and filled for links and tests.</summary>
public static class StudioApiPaths
{
    public const string MyCourses = "/api/studio/courses";
    public const string AdminCourses = "/api/admin/courses";
    public const string StaffRoute = "/api/admin/courses/{slug}/staff";
    public const string StaffMemberRoute = "/api/admin/courses/{slug}/staff/{userId:guid}";
    public const string DraftRoute = "/api/studio/courses/{slug}/draft";
    public const string DraftCourseRoute = "/api/studio/courses/{slug}/draft/course";
    public const string DraftModulesRoute = "/api/studio/courses/{slug}/draft/modules";
    public const string DraftModuleOrderRoute = "/api/studio/courses/{slug}/draft/modules/order";
    public const string DraftModuleRoute = "/api/studio/courses/{slug}/draft/modules/{module}";
    public const string DraftItemsRoute = "/api/studio/courses/{slug}/draft/modules/{module}/items";
    public const string DraftItemOrderRoute = "/api/studio/courses/{slug}/draft/modules/{module}/items/order";
    public const string DraftItemRoute = "/api/studio/courses/{slug}/draft/items/{item}";
    public const string DraftQuestionRoute = "/api/studio/courses/{slug}/draft/quizzes/{quiz}/questions/{question}";
    public const string PreviewRoute = "/api/studio/courses/{slug}/draft/preview";
    public const string PublishRoute = "/api/studio/courses/{slug}/draft/publish";
    public const string ExportRoute = "/api/studio/courses/{slug}/export";
    public const string ImportRoute = "/api/studio/courses/{slug}/import";
    public const string ReportsRoute = "/api/studio/courses/{slug}/reports";
    public const string AccommodationsRoute = "/api/studio/courses/{slug}/learners/{learner:guid}/accommodations";
    public const string ResetAttemptsRoute = "/api/studio/courses/{slug}/learners/{learner:guid}/quizzes/{quiz}/reset";
    public const string MediaRoute = "/api/studio/courses/{slug}/media";
    public const string MediaFileRoute = "/api/studio/courses/{slug}/media/{*path}";
    public const string ScheduleRoute = "/api/studio/courses/{slug}/learners/{learner:guid}/schedule";

    public static string Staff(string slug) => RouteTemplate.Fill(StaffRoute, slug);

    public static string StaffMember(string slug, Guid userId) => RouteTemplate.Fill(StaffMemberRoute, slug, userId);

    public static string Draft(string slug) => RouteTemplate.Fill(DraftRoute, slug);

    public static string DraftCourse(string slug) => RouteTemplate.Fill(DraftCourseRoute, slug);

    public static string DraftModules(string slug) => RouteTemplate.Fill(DraftModulesRoute, slug);

    public static string DraftModule(string slug, string module) => RouteTemplate.Fill(DraftModuleRoute, slug, module);

    public static string DraftModuleOrder(string slug) => RouteTemplate.Fill(DraftModuleOrderRoute, slug);

    public static string DraftItems(string slug, string module) => RouteTemplate.Fill(DraftItemsRoute, slug, module);

    public static string DraftItemOrder(string slug, string module) => RouteTemplate.Fill(DraftItemOrderRoute, slug, module);

    public static string DraftItem(string slug, string item) => RouteTemplate.Fill(DraftItemRoute, slug, item);

    public static string DraftQuestion(string slug, string quiz, string question) => RouteTemplate.Fill(DraftQuestionRoute, slug, quiz, question);

    public static string Preview(string slug) => RouteTemplate.Fill(PreviewRoute, slug);

    public static string Publish(string slug) => RouteTemplate.Fill(PublishRoute, slug);

    public static string Export(string slug, string from = "published") => $"{RouteTemplate.Fill(ExportRoute, slug)}?from={from}";

    public static string Import(string slug) => RouteTemplate.Fill(ImportRoute, slug);

    public static string Report(string slug, string report) => $"{RouteTemplate.Fill(ReportsRoute, slug)}/{report}";

    public static string Accommodations(string slug, Guid learner) => RouteTemplate.Fill(AccommodationsRoute, slug, learner);

    public static string ResetAttempts(string slug, Guid learner, string quiz) => RouteTemplate.Fill(ResetAttemptsRoute, slug, learner, quiz);

    public static string Schedule(string slug, Guid learner) => RouteTemplate.Fill(ScheduleRoute, slug, learner);

    public static string Media(string slug) => RouteTemplate.Fill(MediaRoute, slug);

    public static string MediaFile(string slug, string path) => RouteTemplate.Fill(MediaFileRoute, slug, path);
}
