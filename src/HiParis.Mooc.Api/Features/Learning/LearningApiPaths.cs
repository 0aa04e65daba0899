namespace HiParis.Mooc.Api.Features.Learning;

public static class LearningApiPaths
{
    public const string MyEnrollments = "/api/me/enrollments";

    public static string Enrollment(string slug, string run) => $"/api/courses/{slug}/runs/{run}/enrollment";

    public static string MyCourse(string slug) => $"/api/me/courses/{slug}";

    public static string Resume(string slug) => $"/api/me/courses/{slug}/resume";

    public static string Heartbeats(string slug, string lessonKey) => $"/api/me/courses/{slug}/lessons/{lessonKey}/heartbeats";

    public static string CompleteItem(string slug, string itemKey) => $"/api/me/courses/{slug}/items/{itemKey}/complete";

    public static string Attempts(string slug, string quizKey) => $"/api/me/courses/{slug}/quizzes/{quizKey}/attempts";

    public static string Attempt(Guid id) => $"/api/me/attempts/{id}";

    public static string Answers(Guid id) => $"/api/me/attempts/{id}/answers";

    public static string Submit(Guid id) => $"/api/me/attempts/{id}/submit";

    public static string Grade(string slug) => $"/api/me/courses/{slug}/grade";
}
