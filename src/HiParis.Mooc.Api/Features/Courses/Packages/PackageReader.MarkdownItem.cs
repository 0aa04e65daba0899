using HiParis.Mooc.Domain.Courses;
using YamlDotNet.RepresentationModel;

namespace HiParis.Mooc.Api.Features.Courses.Packages;

/// <summary><c>NN-name.md</c>: a video lesson or a reading, YAML front matter then the notes, one section per language.</summary>
public static partial class PackageReader
{
    private sealed partial class Context
    {
        private static readonly string[] VideoFields = ["key", "type", "title", "preview", "video", "poster", "height", "transcripts"];
        private static readonly string[] ReadingFields = ["key", "type", "title", "preview", "minutes"];

        private ItemSpec? ReadMarkdownItem(string path, string stem, HashSet<string> transcriptsSeen)
        {
            var text = File.ReadAllText(path);
            var relative = Relative(path);
            if (!text.StartsWith("---\n", StringComparison.Ordinal))
            {
                problems.Add(new SourceRef(relative, 1), "a lesson or reading starts with YAML front matter between two '---' lines");
                return null;
            }

            var end = text.IndexOf("\n---\n", 3, StringComparison.Ordinal);
            if (end < 0)
            {
                problems.Add(new SourceRef(relative, 1), "the front matter has no closing '---' line");
                return null;
            }

            var frontMatter = text[4..(end + 1)];
            var body = text[(end + 5)..];
            var bodyFirstLine = frontMatter.Count(c => c == '\n') + 3;
            var root = LoadYaml(path, frontMatter, 1);
            var notes = ReadNotes(relative, body, bodyFirstLine);
            if (root is null)
            {
                return null;
            }

            var y = new YamlFields(relative, 1, problems);
            var type = y.RequiredString(root, "type");
            if (type is not ("video" or "reading"))
            {
                if (type is not null)
                {
                    y.Problem(root, $"unknown item type '{type}': a .md item is a video or a reading (quizzes are .yaml files)");
                }

                return null;
            }

            y.RejectUnknown(root, type == "video" ? VideoFields : ReadingFields);
            var key = y.RequiredString(root, "key");
            var title = y.RequiredLocalized(root, "title", _languages);
            var preview = y.Boolean(YamlFields.Optional(root, "preview"), "preview");
            if (key is null || title is null || notes is null)
            {
                return null;
            }

            if (type == "reading")
            {
                var minutes = y.Integer(y.Required(root, "minutes"), "minutes");
                return minutes is null ? null : new ReadingSpec { FileStem = stem, Key = key, Title = title, Preview = preview, Minutes = minutes.Value, Notes = notes, Source = y.At(root) };
            }

            var sources = ReadVideo(y, y.Mapping(y.Required(root, "video"), "video"));
            var poster = y.OptionalString(root, "poster");
            var height = y.Integer(YamlFields.Optional(root, "height"), "height");
            var transcripts = ReadTranscripts(y, path, y.Mapping(y.Required(root, "transcripts"), "transcripts"), transcriptsSeen);
            return sources is null
                ? null
                : new VideoLessonSpec
                {
                    FileStem = stem,
                    Key = key,
                    Title = title,
                    Preview = preview,
                    Sources = sources,
                    Poster = poster,
                    Height = height,
                    Transcripts = transcripts,
                    Notes = notes,
                    Source = y.At(root),
                };
        }

        /// <summary><c>{src, duration}</c>: one video for every language; <c>{en: {src, duration}, fr: …}</c>: one per language, in the course's order.</summary>
        private List<VideoSourceSpec>? ReadVideo(YamlFields y, YamlMappingNode? video)
        {
            if (video is null)
            {
                return null;
            }

            if (YamlFields.Optional(video, "src") is not null || YamlFields.Optional(video, "duration") is not null)
            {
                return ReadSource(y, video, "video", null) is { } single ? [single] : null;
            }

            List<VideoSourceSpec> sources = [];
            var ok = true;
            foreach (var (languageNode, sourceNode) in video.Children)
            {
                var language = y.Scalar(languageNode, "video") ?? "";
                if (!_languages.Contains(language))
                {
                    y.Problem(languageNode, $"'video' is {{src, duration}} or a map language → {{src, duration}}; '{language}' is not a language of the course");
                    ok = false;
                    continue;
                }

                if (ReadSource(y, y.Mapping(sourceNode, $"video.{language}"), $"video.{language}", language) is { } source)
                {
                    sources.Add(source);
                }
                else
                {
                    ok = false;
                }
            }

            foreach (var missing in _languages.Where(language => sources.All(source => source.Language != language)))
            {
                y.Problem(video, $"'video' has no '{missing}' video");
                ok = false;
            }

            return ok ? [.. sources.OrderBy(source => _languages.IndexOf(source.Language!))] : null;
        }

        private static VideoSourceSpec? ReadSource(YamlFields y, YamlMappingNode? map, string what, string? language)
        {
            if (map is null)
            {
                return null;
            }

            y.RejectUnknown(map, "src", "duration");
            var src = y.Scalar(y.Required(map, "src"), $"{what}.src");
            var duration = y.Integer(y.Required(map, "duration"), $"{what}.duration");
            return src is null || duration is null ? null : new VideoSourceSpec(src, duration.Value, language);
        }

        /// <summary>The body: one section per language, each opened by a <c>&lt;!-- lang: xx --&gt;</c> line, kept verbatim.</summary>
        private Dictionary<string, string>? ReadNotes(string file, string body, int firstLine)
        {
            Dictionary<string, string> notes = [];
            var lines = body.Split('\n');
            string? current = null;
            var start = 0;
            var offset = 0;
            var ok = true;
            for (var i = 0; i < lines.Length; i++)
            {
                var match = LanguageMarker().Match(lines[i]);
                if (match.Success)
                {
                    if (current is not null)
                    {
                        notes[current] = body[start..offset];
                    }

                    current = match.Groups[1].Value;
                    if (!_languages.Contains(current) || notes.ContainsKey(current))
                    {
                        problems.Add(new SourceRef(file, firstLine + i), $"notes language '{current}' is not declared in course.yaml, or appears twice");
                        ok = false;
                    }

                    start = offset + lines[i].Length + 1;
                }
                else if (current is null && lines[i].Trim().Length > 0)
                {
                    problems.Add(new SourceRef(file, firstLine + i), "notes start with a '<!-- lang: xx -->' line");
                    return null;
                }

                offset += lines[i].Length + 1;
            }

            if (current is not null)
            {
                notes[current] = body[Math.Min(start, body.Length)..];
            }

            foreach (var missing in _languages.Where(language => !notes.ContainsKey(language)))
            {
                problems.Add(new SourceRef(file, firstLine), $"no notes for language '{missing}'");
                ok = false;
            }

            if (ok && !notes.Keys.SequenceEqual(_languages))
            {
                problems.Add(new SourceRef(file, firstLine), $"notes sections must follow the order of languages ({string.Join(", ", _languages)})");
                ok = false;
            }

            return ok ? notes : null;
        }
    }
}
