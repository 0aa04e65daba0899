namespace HiParis.Mooc.Api.Features.Courses.Pages;

/// <summary>The public pages of the catalog.</summary>
public static class CoursePages
{
    public const string Catalog = "/";
    public const string CourseRoute = "/courses/{slug}";

    public static string Course(string slug) => Infrastructure.Http.RouteTemplate.Fill(CourseRoute, slug);
}
