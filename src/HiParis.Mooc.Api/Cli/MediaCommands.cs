using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using HiParis.Mooc.Api.Features.Courses.Captions;
using HiParis.Mooc.Api.Features.Courses.Packages;
using HiParis.Mooc.Api.Infrastructure.Media;

namespace HiParis.Mooc.Api.Cli;

/// <summary><c>courses captions</c> and <c>courses render-videos</c>: the package's captions and its draft videos.</summary>
internal static class MediaCommands
{
    public static Command Captions(string? defaultDirectory)
    {
        var dir = new Argument<string?>("package") { Description = "A package folder, or a folder of packages (default: courses/).", Arity = ArgumentArity.ZeroOrOne };
        var captions = new Command("captions", "Re-cut every transcript to the caption norms, set each lesson's duration per language, write the package back in canonical form.") { dir };
        captions.SetAction((parse, cancellationToken) => CaptionsAsync(parse.GetValue(dir) ?? defaultDirectory, cancellationToken));
        return captions;
    }

    public static Command RenderVideos(string? defaultDirectory, MediaFiles media)
    {
        var dir = new Argument<string?>("dir") { Description = "A package folder, or a folder of packages (default: courses/).", Arity = ArgumentArity.ZeroOrOne };
        var root = new Option<string?>("--media-root") { Description = $"Where to write the videos (default: Media:Root, now {media.Root})." };
        var only = new Option<string?>("--only") { Description = "Render one lesson, by its key." };
        var force = new Option<bool>("--force") { Description = "Render again videos that are already there with the right duration." };
        var render = new Command("render-videos", "Render draft lecture videos (slides and synthesised narration) for lessons, one per language, into the media root.") { dir, root, only, force };
        render.SetAction((parse, cancellationToken) =>
        {
            var target = parse.GetValue(root) is { } custom ? new MediaFiles(MoocCli.FromCaller(custom), media.CoursesDirectory) : media;
            return RenderAsync(parse.GetValue(dir) ?? defaultDirectory, target, parse.GetValue(only), parse.GetValue(force), cancellationToken);
        });
        return render;
    }

    private static async Task<int> CaptionsAsync(string? dir, CancellationToken cancellationToken)
    {
        if (CourseCommands.Packages(dir) is not { } packages)
        {
            return 1;
        }

        var failed = 0;
        foreach (var packageDir in packages)
        {
            Console.WriteLine($"{Path.GetFileName(packageDir)}: reading…");
            var (course, problems) = PackageReader.Read(packageDir, captionNorms: false);
            if (course is null)
            {
                Print(problems.All, "invalid, nothing re-cut");
                failed++;
                continue;
            }

            var (recut, _) = TranscriptRecut.Recut(course, (done, total, lesson) => Console.WriteLine(
                $"  [{done}/{total}] {lesson.Key}: {string.Join(", ", lesson.Languages.Select(language => $"{language.Key} {language.Value.Cues} cues, {language.Value.Duration} s"))}"));
            var changed = 0;
            foreach (var (path, content) in PackageWriter.Write(recut))
            {
                var full = Path.Combine(Path.GetDirectoryName(packageDir)!, path);
                if (!File.Exists(full) || await File.ReadAllTextAsync(full, cancellationToken) != content)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                    await File.WriteAllTextAsync(full, content, new UTF8Encoding(false), cancellationToken);
                    changed++;
                }
            }

            var (_, after) = PackageReader.Read(packageDir);
            Console.WriteLine($"{Path.GetFileName(packageDir)}: {changed} file(s) changed");
            if (after.Any)
            {
                Print(after.All, "still has problems after the re-cut");
                failed++;
            }
        }

        return failed == 0 ? 0 : 1;
    }

    private static async Task<int> RenderAsync(string? dir, MediaFiles media, string? only, bool force, CancellationToken cancellationToken)
    {
        if (MediaTools.Find(out var missing) is not { } tools)
        {
            Console.Error.WriteLine($"error: {missing}");
            return 2;
        }

        if (CourseCommands.Packages(dir) is not { } packages)
        {
            return 1;
        }

        var renderer = new DraftVideoRenderer(tools);
        var clock = Stopwatch.StartNew();
        int rendered = 0, skipped = 0, failed = 0;
        foreach (var packageDir in packages)
        {
            var (course, problems) = PackageReader.Read(packageDir);
            if (course is null)
            {
                Print(problems.All, $"{Path.GetFileName(packageDir)}: invalid, no video rendered");
                failed++;
                continue;
            }

            var videos = DraftVideos.Plan(course, media, only);
            if (only is not null && videos.Count == 0)
            {
                Console.Error.WriteLine($"error: {course.Slug} has no video lesson '{only}' with a media path.");
                failed++;
                continue;
            }

            Console.WriteLine($"{course.Slug}: {videos.Count} video(s) into {media.Root}");
            for (var i = 0; i < videos.Count; i++)
            {
                var video = videos[i];
                var prefix = $"  [{i + 1}/{videos.Count}] {video.MediaPath}";
                if (!force && DraftVideos.IsMade(video, media, packageDir))
                {
                    Console.WriteLine($"{prefix}: already there");
                    skipped++;
                    continue;
                }

                try
                {
                    var started = Stopwatch.StartNew();
                    Console.Write($"{prefix} ({video.DurationSeconds} s):");
                    var result = await renderer.RenderAsync(video, step => Console.Write($" {step}…"), cancellationToken);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $" done, {result.Bytes / 1024.0 / 1024:0.0} MB, {result.SpedUp}/{result.Cues} cues sped up (at most ×{result.MaxTempo:0.00}), {started.Elapsed.TotalSeconds:0.0} s"));
                    rendered++;
                }
                catch (InvalidOperationException error)
                {
                    Console.WriteLine();
                    Console.Error.WriteLine($"error: {video.MediaPath}: {error.Message}");
                    failed++;
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Rendered {rendered}, already there {skipped}, failed {failed}, in {clock.Elapsed.TotalMinutes:0.0} min."));
        return failed == 0 ? 0 : 1;
    }

    private static void Print(IEnumerable<Domain.Courses.PackageProblem> problems, string verdict)
    {
        Console.WriteLine(verdict);
        foreach (var problem in problems)
        {
            Console.WriteLine($"  {problem}");
        }
    }
}
