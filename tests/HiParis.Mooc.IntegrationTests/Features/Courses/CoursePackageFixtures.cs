using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Domain.Courses;
using HiParis.Mooc.IntegrationTests.TestEngine;

namespace HiParis.Mooc.IntegrationTests.Features.Courses;

internal static class CoursePackageFixtures
{
    public static string ShippedCourse => Path.Combine(MoocApiFactory.RepositoryRoot, "courses", "understanding-ai");

    public static string TinyCourse => Path.Combine(MoocApiFactory.RepositoryRoot, "tests", "HiParis.Mooc.UnitTests", "CoursePackages", "valid", "tiny");

    public static CoursePackage Read(string dir)
    {
        var (package, problems) = PackageReader.Read(dir);
        return package ?? throw new InvalidOperationException(problems.ToString());
    }

    public static Task<ImportResult> ImportAsync(this MoocApiFactory api, CoursePackage package) =>
        api.WithScopeAsync<CourseImporter, ImportResult>(importer => importer.ImportAsync(package, TestContext.Current.CancellationToken));
}
