namespace HiParis.Mooc.Api.Features.Courses;

public static class CoursesApiPaths
{
    public const string Courses = "/api/courses";

    public static string Course(string slug) => $"{Courses}/{slug}";

    public static string Runs(string slug) => $"{Courses}/{slug}/runs";
}
