using HiParis.Mooc.Api.Infrastructure.Http;

namespace HiParis.Mooc.Api.Features.Learning.Pages;

/// <summary>The learner's pages of a course: where to continue, the player, the grade.</summary>
public static class LearningPages
{
    public const string ContinueRoute = "/learn/{slug}";
    public const string ItemRoute = "/learn/{slug}/items/{key}";
    public const string GradeRoute = "/learn/{slug}/grade";

    public static string Continue(string slug) => RouteTemplate.Fill(ContinueRoute, slug);

    public static string Item(string slug, string key) => RouteTemplate.Fill(ItemRoute, slug, key);

    public static string Grade(string slug) => RouteTemplate.Fill(GradeRoute, slug);
}
