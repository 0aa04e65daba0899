using HiParis.Mooc.Api.Infrastructure.Http;

namespace HiParis.Mooc.Api.Features.Learning;

/// <summary>The learning routes: one template each, mapped by the endpoints and filled for links and tests.</summary>
public static class LearningApiPaths
{
    public const string EnrollmentRoute = "/api/courses/{slug}/runs/{run}/enrollment";
    public const string MyEnrollments = "/api/me/enrollments";
    public const string MyCourseRoute = "/api/me/courses/{slug}";
    public const string ResumeRoute = "/api/me/courses/{slug}/resume";
    public const string HeartbeatsRoute = "/api/me/courses/{slug}/lessons/{key}/heartbeats";
    public const string CompleteItemRoute = "/api/me/courses/{slug}/items/{key}/complete";
    public const string AttemptsRoute = "/api/me/courses/{slug}/quizzes/{key}/attempts";
    public const string AttemptRoute = "/api/me/attempts/{id:guid}";
    public const string AnswersRoute = "/api/me/attempts/{id:guid}/answers";
    public const string SubmitRoute = "/api/me/attempts/{id:guid}/submit";
    public const string GradeRoute = "/api/me/courses/{slug}/grade";
    public const string ItemRoute = "/api/me/courses/{slug}/items/{key}";
    public const string CaptionsRoute = "/api/me/courses/{slug}/lessons/{key}/captions/{language}.{format}";
    public const string PreviewItemRoute = "/api/courses/{slug}/items/{key}";
    public const string PreviewCaptionsRoute = "/api/courses/{slug}/lessons/{key}/captions/{language}.{format}";
    public const string CheckRoute = "/api/me/attempts/{id:guid}/check";

    public static string Enrollment(string slug, string run) => RouteTemplate.Fill(EnrollmentRoute, slug, run);

    public static string MyCourse(string slug) => RouteTemplate.Fill(MyCourseRoute, slug);

    public static string Resume(string slug) => RouteTemplate.Fill(ResumeRoute, slug);

    public static string Heartbeats(string slug, string lessonKey) => RouteTemplate.Fill(HeartbeatsRoute, slug, lessonKey);

    public static string CompleteItem(string slug, string itemKey) => RouteTemplate.Fill(CompleteItemRoute, slug, itemKey);

    public static string Attempts(string slug, string quizKey) => RouteTemplate.Fill(AttemptsRoute, slug, quizKey);

    public static string Attempt(Guid id) => RouteTemplate.Fill(AttemptRoute, id);

    public static string Answers(Guid id) => RouteTemplate.Fill(AnswersRoute, id);

    public static string Submit(Guid id) => RouteTemplate.Fill(SubmitRoute, id);

    public static string Grade(string slug) => RouteTemplate.Fill(GradeRoute, slug);

    public static string Item(string slug, string key) => RouteTemplate.Fill(ItemRoute, slug, key);

    public static string Captions(string slug, string key, string language, string format) => RouteTemplate.Fill(CaptionsRoute, slug, key, language, format);

    public static string PreviewItem(string slug, string key) => RouteTemplate.Fill(PreviewItemRoute, slug, key);

    public static string PreviewCaptions(string slug, string key, string language, string format) => RouteTemplate.Fill(PreviewCaptionsRoute, slug, key, language, format);

    public static string Check(Guid id) => RouteTemplate.Fill(CheckRoute, id);
}
