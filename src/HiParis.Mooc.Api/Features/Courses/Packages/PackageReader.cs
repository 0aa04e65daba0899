using System.Text.RegularExpressions;
using HiParis.Mooc.Domain.Courses;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace HiParis.Mooc.Api.Features.Courses.Packages;

/// <summary>
/// Reads a course package folder (docs/course-package.md) into a <see cref="CoursePackage"/>, collecting
/// every problem with its file and line rather than stopping at the first. One file per kind of package
/// file: course, module, Markdown item (lesson, reading), quiz, transcript.
/// </summary>
public static partial class PackageReader
{
    public const string CourseFile = "course.yaml";
    public const string ModuleFile = "module.yaml";

    /// <summary>The package's own media folder, <c>courses/&lt;slug&gt;/media/</c> (see <c>MediaFiles</c>).</summary>
    public const string MediaFolder = "media";

    /// <summary>Far deeper than any package needs; YamlDotNet builds its tree recursively, so depth is checked first.</summary>
    public const int MaxYamlDepth = 32;

    /// <summary>Package folders under <paramref name="path"/>: itself if it holds a course.yaml, else its subfolders that do.</summary>
    public static IReadOnlyList<string> FindPackages(string path) =>
        File.Exists(Path.Combine(path, CourseFile))
            ? [Path.GetFullPath(path)]
            : Directory.Exists(path)
                ? [.. Directory.GetDirectories(path).Where(dir => File.Exists(Path.Combine(dir, CourseFile))).Order(StringComparer.Ordinal)]
                : [];

    /// <param name="packageDir">The package's folder.</param>
    /// <param name="captionNorms">False only for the caption re-cutter, which reads transcripts that break the norms to fix them.</param>
    public static (CoursePackage? Package, PackageProblems Problems) Read(string packageDir, bool captionNorms = true)
    {
        packageDir = Path.GetFullPath(packageDir);
        var problems = new PackageProblems();
        var context = new Context(packageDir, problems);
        var course = context.ReadCourse();
        if (course is not null && !problems.Any)
        {
            CoursePackageRules.Check(course, problems, captionNorms);
        }

        return (problems.Any ? null : course, problems);
    }

    [GeneratedRegex(@"^\d{2}-[a-z0-9][a-z0-9-]*$")]
    internal static partial Regex NumberedName();

    [GeneratedRegex(@"^<!-- lang: ([a-z]{2}) -->$")]
    private static partial Regex LanguageMarker();

    /// <summary>What one read of a package shares: its folder, its problems, and the course's languages once known.</summary>
    private sealed partial class Context(string packageDir, PackageProblems problems)
    {
        private readonly string _parent = Path.GetDirectoryName(packageDir)!;
        private List<string> _languages = [];

        private string Relative(string path) => Path.GetRelativePath(_parent, path).Replace('\\', '/');

        private YamlMappingNode? LoadYaml(string path, string text, int lineOffset)
        {
            try
            {
                if (!WithinBounds(path, text, lineOffset))
                {
                    return null;
                }

                var stream = new YamlStream();
                stream.Load(new StringReader(text));
                if (stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root)
                {
                    return root;
                }

                problems.Add(new SourceRef(Relative(path), 1 + lineOffset), "expected one YAML mapping");
            }
            catch (YamlException yaml)
            {
                problems.Add(new SourceRef(Relative(path), (int)yaml.Start.Line + lineOffset), $"invalid YAML: {yaml.InnerException?.Message ?? yaml.Message}");
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet's scanner gives up this way on some malformed input, without a position.
                problems.Add(new SourceRef(Relative(path), 1 + lineOffset), "invalid YAML: the parser could not read this file");
            }

            return null;
        }

        /// <summary>
        /// A pass over the parser's events, which keeps no recursion, before the tree is built: a few KB that
        /// nest 100,000 levels would otherwise overflow the stack and end the process. Packages use no
        /// anchors or aliases either, which also keeps a small file from standing for a huge tree.
        /// </summary>
        private bool WithinBounds(string path, string text, int lineOffset)
        {
            var parser = new Parser(new StringReader(text));
            var depth = 0;
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart when ++depth > MaxYamlDepth:
                        problems.Add(new SourceRef(Relative(path), (int)parser.Current.Start.Line + lineOffset), $"invalid YAML: nested deeper than {MaxYamlDepth} levels");
                        return false;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case AnchorAlias:
                    case NodeEvent { Anchor.IsEmpty: false }:
                        problems.Add(new SourceRef(Relative(path), (int)parser.Current.Start.Line + lineOffset), "invalid YAML: packages use no anchors or aliases");
                        return false;
                }
            }

            return true;
        }
    }
}
