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

    /// <summary>The course's graded quizzes, in course order: practice sets aside.</summary>
    public static IEnumerable<QuizSpec> GradedQuizzes(this CoursePackage package) => package.Quizzes.Where(quiz => !quiz.IsPractice);

    /// <summary>A module's one graded quiz.</summary>
    public static QuizSpec GradedQuiz(this ModuleSpec module) => module.Items.OfType<QuizSpec>().Single(quiz => !quiz.IsPractice);

    public static Task<ImportResult> ImportAsync(this MoocApiFactory api, CoursePackage package) =>
        api.WithScopeAsync<CourseImporter, ImportResult>(importer => importer.ImportAsync(package, TestContext.Current.CancellationToken));
}
