namespace HiParis.Mooc.Reliability;

/// <summary>The routes the runs use (the same as <c>LearningApiPaths</c> and friends in the API).</summary>
internal static class Paths
{
    public const string Register = "/api/auth/register";
    public const string Refresh = "/api/auth/refresh";
    public const string Me = "/api/me";
    public const string Jwks = "/.well-known/jwks.json";

    public static string Enrollment => $"/api/courses/{DriverSettings.Course}/runs/{DriverSettings.Run}/enrollment";

    public static string Attempts(string quiz) => $"/api/me/courses/{DriverSettings.Course}/quizzes/{quiz}/attempts";

    public static string Answers(Guid attempt) => $"/api/me/attempts/{attempt}/answers";

    public static string Submit(Guid attempt) => $"/api/me/attempts/{attempt}/submit";

    public static string Heartbeats(string lesson) => $"/api/me/courses/{DriverSettings.Course}/lessons/{lesson}/heartbeats";

    public static string Claim => $"/api/me/courses/{DriverSettings.Course}/certificate";

    public static string Certificate(string code) => $"/api/certificates/{code}";

    public static string Revoke(string code) => $"/api/admin/certificates/{code}/revoke";

    public static string EndSessions(Guid user) => $"/api/admin/users/{user}/end-sessions";

    /// <summary>q1 is true, q2 false: both right scores 1, one right 0.5.</summary>
    public static object AnswersBody(bool q1, bool q2) => new { answers = new Dictionary<string, object> { ["q1"] = new { boolean = q1 }, ["q2"] = new { boolean = q2 } } };
}
