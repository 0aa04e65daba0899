using HiParis.Mooc.Api.Features.Courses.Packages;

namespace HiParis.Mooc.Api.Features.Courses;

public static class CoursesSetup
{
    public static IServiceCollection AddCourses(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddScoped<CourseImporter>();
        services.AddScoped<CourseCatalog>();
        services.AddSingleton<CourseContentReads>();
        return services;
    }

    /// <summary><c>Courses:Directory</c>, else the nearest <c>courses/</c> folder above the content root (the repository's).</summary>
    public static string? CoursesDirectory(IConfiguration configuration, string contentRoot)
    {
        if (configuration["Courses:Directory"] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "courses");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Imports every package under the courses folder; an invalid one is reported and skipped.</summary>
    public static async Task ImportCoursesAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("HiParis.Mooc.Courses");
        var directory = CoursesDirectory(app.Configuration, app.Environment.ContentRootPath);
        if (directory is null)
        {
            logger.LogWarning("No courses folder found; set Courses:Directory to import course packages at start-up.");
            return;
        }

        foreach (var packageDir in PackageReader.FindPackages(directory))
        {
            var (package, problems) = PackageReader.Read(packageDir);
            if (package is null)
            {
                logger.LogError("Course package {Package} is invalid and was not imported:\n{Problems}", packageDir, problems.ToString());
                continue;
            }

            await using var scope = app.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<CourseImporter>().ImportAsync(package, cancellationToken);
            logger.LogInformation("Course {Slug}: {Outcome} (version {Version})", result.Slug, result.Outcome, result.Version);
        }
    }
}
