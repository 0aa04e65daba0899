using Microsoft.AspNetCore.Http.HttpResults;
using static HiParis.Mooc.Api.Infrastructure.Localization.Text;

namespace HiParis.Mooc.Api.Features.Learning;

/// <summary>The learning feature's "not found" answers, as ProblemDetails in the request's language.</summary>
internal static class LearningProblems
{
    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    public static ProblemHttpResult NotEnrolled(string slug) =>
        NotFound(Pick("You are not enrolled in this course.", "Vous n'êtes pas inscrit à ce cours."), slug);

    public static ProblemHttpResult QuizNotFound(string slug, string key) =>
        NotFound(Pick("Quiz not found.", "Quiz introuvable."), $"{slug}/{key}");

    public static ProblemHttpResult AttemptNotFound(Guid id) =>
        NotFound(Pick("Attempt not found.", "Tentative introuvable."), id.ToString());
}
