namespace HiParis.Mooc.Api.Features.Studio;

public static class StudioApiPaths
{
    public const string MyCourses = "/api/studio/courses";

    public const string AdminCourses = "/api/admin/courses";

    public static string Staff(string slug) => $"/api/admin/courses/{slug}/staff";

    public static string StaffMember(string slug, Guid userId) => $"/api/admin/courses/{slug}/staff/{userId}";

    public static string Draft(string slug) => $"/api/studio/courses/{slug}/draft";

    public static string DraftCourse(string slug) => $"/api/studio/courses/{slug}/draft/course";

    public static string DraftModules(string slug) => $"/api/studio/courses/{slug}/draft/modules";

    public static string DraftModule(string slug, string module) => $"/api/studio/courses/{slug}/draft/modules/{module}";

    public static string DraftModuleOrder(string slug) => $"/api/studio/courses/{slug}/draft/modules/order";

    public static string DraftItems(string slug, string module) => $"/api/studio/courses/{slug}/draft/modules/{module}/items";

    public static string DraftItemOrder(string slug, string module) => $"/api/studio/courses/{slug}/draft/modules/{module}/items/order";

    public static string DraftItem(string slug, string item) => $"/api/studio/courses/{slug}/draft/items/{item}";

    public static string DraftQuestion(string slug, string quiz, string question) => $"/api/studio/courses/{slug}/draft/quizzes/{quiz}/questions/{question}";

    public static string Preview(string slug) => $"/api/studio/courses/{slug}/draft/preview";

    public static string Publish(string slug) => $"/api/studio/courses/{slug}/draft/publish";

    public static string Export(string slug, string from = "published") => $"/api/studio/courses/{slug}/export?from={from}";

    public static string Import(string slug) => $"/api/studio/courses/{slug}/import";

    public static string Report(string slug, string report) => $"/api/studio/courses/{slug}/reports/{report}";

    public static string Accommodations(string slug, Guid learner) => $"/api/studio/courses/{slug}/learners/{learner}/accommodations";

    public static string ResetAttempts(string slug, Guid learner, string quiz) => $"/api/studio/courses/{slug}/learners/{learner}/quizzes/{quiz}/reset";

    public static string Schedule(string slug, Guid learner) => $"/api/studio/courses/{slug}/learners/{learner}/schedule";
}
