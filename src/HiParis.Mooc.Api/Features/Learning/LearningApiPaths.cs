namespace HiParis.Mooc.Api.Features.Learning;

public static class LearningApiPaths
{
    public const string MyEnrollments = "/api/me/enrollments";

    public static string Enrollment(string slug, string run) => $"/api/courses/{slug}/runs/{run}/enrollment";

    public static string MyCourse(string slug) => $"/api/me/courses/{slug}";

    public static string Resume(string slug) => $"/api/me/courses/{slug}/resume";

    public static string Heartbeats(string slug, string lessonKey) => $"/api/me/courses/{slug}/lessons/{lessonKey}/heartbeats";

    public static string CompleteItem(string slug, string itemKey) => $"/api/me/courses/{slug}/items/{itemKey}/complete";
}
