using System.CommandLine;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Api.Infrastructure.Media;

namespace HiParis.Mooc.Api.Cli;

/// <summary><c>courses validate|import|export|captions|render-videos</c>.</summary>
internal static class CourseCommands
{
    public static Command Create(Func<IServiceProvider> services, string? defaultDirectory, MediaFiles media)
    {
        var courses = new Command("courses", "Course packages: validate, import, export, re-cut captions, render draft videos.");

        var validateDir = new Argument<string?>("dir") { Description = "A package folder, or a folder of packages (default: courses/).", Arity = ArgumentArity.ZeroOrOne };
        var validate = new Command("validate", "Check packages and the media files they name; print one line per problem (file:line: message). Warnings alone exit 0.") { validateDir };
        validate.SetAction(parse => Validate(parse.GetValue(validateDir) ?? defaultDirectory, media));
        courses.Add(validate);
        courses.Add(MediaCommands.Captions(defaultDirectory));
        courses.Add(MediaCommands.RenderVideos(defaultDirectory, media));

        var importDir = new Argument<string?>("dir") { Description = "A package folder, or a folder of packages (default: courses/).", Arity = ArgumentArity.ZeroOrOne };
        var import = new Command("import", "Import valid packages; a changed package becomes a new published version.") { importDir };
        import.SetAction((parse, cancellationToken) => ImportAsync(services(), parse.GetValue(importDir) ?? defaultDirectory, cancellationToken));
        courses.Add(import);

        var slug = new Argument<string>("slug") { Description = "The course to export." };
        var targetDir = new Argument<string>("dir") { Description = "Where to write it: the package goes to <dir>/<slug>/." };
        var export = new Command("export", "Write the published course back in the package layout.") { slug, targetDir };
        export.SetAction((parse, cancellationToken) => ExportAsync(services(), parse.GetRequiredValue(slug), parse.GetRequiredValue(targetDir), cancellationToken));
        courses.Add(export);
        return courses;
    }

    internal static IReadOnlyList<string>? Packages(string? dir)
    {
        var packages = dir is null ? [] : PackageReader.FindPackages(MoocCli.FromCaller(dir));
        if (packages.Count == 0)
        {
            Console.Error.WriteLine($"error: no course package (a folder with course.yaml) at '{dir ?? "courses/"}'.");
            return null;
        }

        return packages;
    }

    private static int Validate(string? dir, MediaFiles media)
    {
        if (Packages(dir) is not { } packages)
        {
            return 1;
        }

        var invalid = 0;
        foreach (var packageDir in packages)
        {
            var (_, problems) = PackageValidator.Validate(packageDir, media);
            foreach (var problem in problems.All)
            {
                Console.WriteLine(problem);
            }

            invalid += problems.Any ? 1 : 0;
            var warnings = problems.Warnings.Count();
            var verdict = problems.Any ? $"{problems.Errors.Count()} problem(s)" : "valid";
            Console.Error.WriteLine($"{Path.GetFileName(packageDir)}: {verdict}{(warnings > 0 ? $", {warnings} warning(s)" : "")}");
        }

        return invalid == 0 ? 0 : 1;
    }

    private static async Task<int> ImportAsync(IServiceProvider services, string? dir, CancellationToken cancellationToken)
    {
        if (Packages(dir) is not { } packages)
        {
            return 1;
        }

        await Infrastructure.Persistence.PersistenceSetup.MigrateDatabaseAsync(services, cancellationToken);
        var failed = 0;
        for (var i = 0; i < packages.Count; i++)
        {
            var name = Path.GetFileName(packages[i]);
            Console.Write($"[{i + 1}/{packages.Count}] {name}: reading… ");
            var (package, problems) = PackageReader.Read(packages[i]);
            if (package is null)
            {
                Console.WriteLine($"invalid, not imported ({problems.All.Count} problem(s))");
                foreach (var problem in problems.All)
                {
                    Console.WriteLine($"  {problem}");
                }

                failed++;
                continue;
            }

            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<CourseImporter>().ImportAsync(package, cancellationToken);
            Console.WriteLine(result.Outcome switch
            {
                ImportOutcome.Unchanged => $"unchanged (version {result.Version})",
                ImportOutcome.Created => $"created (version {result.Version})",
                _ => $"updated: version {result.Version} published" + (result.ArchivedItems > 0 ? $", {result.ArchivedItems} item(s) archived" : ""),
            });
        }

        return failed == 0 ? 0 : 1;
    }

    private static async Task<int> ExportAsync(IServiceProvider services, string slug, string dir, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var course = await scope.ServiceProvider.GetRequiredService<CourseCatalog>().PublishedAsync(slug, cancellationToken);
        if (course is null)
        {
            Console.Error.WriteLine($"error: there is no published course '{slug}'.");
            return 1;
        }

        dir = MoocCli.FromCaller(dir);
        await PackageWriter.WriteToAsync(course, dir, cancellationToken);
        Console.WriteLine($"Wrote {PackageWriter.Write(course).Count} files to {Path.Combine(dir, slug)}.");
        return 0;
    }
}
