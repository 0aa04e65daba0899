using HiParis.Mooc.Domain.Courses;
using YamlDotNet.RepresentationModel;

namespace HiParis.Mooc.Api.Features.Courses.Packages;

/// <summary>
/// A lesson's transcripts: one WebVTT file per language, beside the lesson. Their text is kept as written;
/// its shape and the caption norms are checked with the rest of the course (<see cref="CaptionRules"/>).
/// </summary>
public static partial class PackageReader
{
    private sealed partial class Context
    {
        private Dictionary<string, TranscriptSpec> ReadTranscripts(YamlFields y, string lessonPath, YamlMappingNode? map, HashSet<string> transcriptsSeen)
        {
            Dictionary<string, TranscriptSpec> transcripts = [];
            if (map is null)
            {
                return transcripts;
            }

            var folder = Path.GetDirectoryName(lessonPath)!;
            foreach (var (languageNode, fileNode) in map.Children)
            {
                var language = y.Scalar(languageNode, "transcripts") ?? "";
                if (!_languages.Contains(language))
                {
                    y.Problem(languageNode, $"language '{language}' in 'transcripts' is not declared in course.yaml languages");
                    continue;
                }

                if (y.Scalar(fileNode, $"transcripts.{language}") is not { } fileName)
                {
                    continue;
                }

                transcriptsSeen.Add(fileName);
                var vttPath = Path.Combine(folder, fileName);
                if (!File.Exists(vttPath) || Path.GetDirectoryName(Path.GetFullPath(vttPath)) != folder)
                {
                    y.Problem(fileNode, $"missing transcript file '{fileName}'");
                    continue;
                }

                transcripts[language] = new TranscriptSpec(fileName, File.ReadAllText(vttPath));
            }

            foreach (var missing in _languages.Where(language => !map.Children.ContainsKey(new YamlScalarNode(language))))
            {
                y.Problem(map, $"missing transcript for language '{missing}'");
            }

            return transcripts;
        }
    }
}
