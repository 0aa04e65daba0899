using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Api.Features.Courses.Packages;

/// <summary>module.yaml and the module's item files, in the order of their numbers.</summary>
public static partial class PackageReader
{
    private sealed partial class Context
    {
        private ModuleSpec? ReadModule(string dir)
        {
            var path = Path.Combine(dir, ModuleFile);
            if (!File.Exists(path))
            {
                problems.Add(new SourceRef(Relative(path), 0), "missing module.yaml");
                return null;
            }

            var root = LoadYaml(path, File.ReadAllText(path), 0);
            if (root is null)
            {
                return null;
            }

            var y = new YamlFields(Relative(path), 0, problems);
            y.RejectUnknown(root, "key", "title", "summary", "unlock");
            var key = y.RequiredString(root, "key");
            var title = y.RequiredLocalized(root, "title", _languages);
            var summary = y.RequiredLocalized(root, "summary", _languages);
            int? week = null;
            if (y.Mapping(YamlFields.Optional(root, "unlock"), "unlock") is { } unlock)
            {
                y.RejectUnknown(unlock, "week");
                week = y.Integer(y.Required(unlock, "week"), "unlock.week");
            }

            var items = ReadItems(dir);
            return key is null || title is null || summary is null
                ? null
                : new ModuleSpec { Folder = Path.GetFileName(dir), Key = key, Title = title, Summary = summary, UnlockWeek = week, Items = items, Source = y.At(root) };
        }

        private List<ItemSpec> ReadItems(string dir)
        {
            List<ItemSpec> items = [];
            HashSet<string> transcripts = [];
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                var stem = Path.GetFileNameWithoutExtension(file);
                var extension = Path.GetExtension(file);
                if (name == ModuleFile || extension == ".vtt")
                {
                    continue;
                }

                if (!NumberedName().IsMatch(stem) || extension is not (".md" or ".yaml"))
                {
                    problems.Add(new SourceRef(Relative(file), 0), "an item file is named NN-name.md (lesson, reading) or NN-name.yaml (quiz)");
                    continue;
                }

                var item = extension == ".md" ? ReadMarkdownItem(file, stem, transcripts) : ReadQuiz(file, stem);
                if (item is not null)
                {
                    items.Add(item);
                }
            }

            foreach (var vtt in Directory.GetFiles(dir, "*.vtt").Where(vtt => !transcripts.Contains(Path.GetFileName(vtt))))
            {
                problems.Add(new SourceRef(Relative(vtt), 0), "transcript file is not referenced by any lesson");
            }

            return items;
        }
    }
}
