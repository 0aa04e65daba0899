using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Api.Features.Studio;

/// <summary>An edit the draft cannot take: an unknown module or item (404) or one that contradicts the draft (400), naming the field.</summary>
public sealed class DraftEditException(string field, string message, bool notFound = false) : Exception(message)
{
    public string Field { get; } = field;

    public bool NotFound { get; } = notFound;
}

/// <summary>Course-level settings of a draft: everything but its modules.</summary>
public sealed record CourseSettings(
    Dictionary<string, string> Title,
    Dictionary<string, string> Summary,
    List<string> Languages,
    Effort Effort,
    List<CourseRunSpec> Runs,
    GradingPolicy Grading,
    CertificateRule Certificate,
    decimal? VideoCompletionThreshold = null);

public sealed record ModuleSettings(string Key, Dictionary<string, string> Title, Dictionary<string, string> Summary, int? UnlockWeek = null);

public sealed record KeyOrder(List<string> Keys);

/// <summary>
/// The studio's edits of a draft, as functions from one package to the next. Positions are the NN of
/// folder and file names, renumbered after every change, so an export lays the course out in order.
/// </summary>
public static partial class DraftEdits
{
    /// <summary>How the studio reads and writes content: the stored shape, with snake_case enum values as in packages.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowOutOfOrderMetadataProperties = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static T Read<T>(JsonElement body, string field, Action<JsonObject>? complete = null)
    {
        try
        {
            var node = JsonNode.Parse(body.GetRawText()) as JsonObject ?? throw new DraftEditException(field, "An object is expected.");
            complete?.Invoke(node);
            return node.Deserialize<T>(Json) ?? throw new DraftEditException(field, "An object is expected.");
        }
        catch (JsonException invalid)
        {
            throw new DraftEditException(field, invalid.Message);
        }
    }

    /// <summary>An item as sent by a client, which need not know file names: its stem is made from its key.</summary>
    public static ItemSpec ReadItem(JsonElement body, string? key = null) => Read<ItemSpec>(body, "item", node =>
    {
        if (key is not null)
        {
            node["key"] = key;
        }

        node["fileStem"] ??= $"00-{node["key"]?.GetValue<string>() ?? "item"}";
        Courses.CourseContentJson.UpgradeItem(node);
    });

    public static CoursePackage SetCourse(CoursePackage course, CourseSettings settings) => course with
    {
        Title = settings.Title,
        Summary = settings.Summary,
        Languages = settings.Languages,
        Effort = settings.Effort,
        VideoCompletionThreshold = settings.VideoCompletionThreshold,
        Runs = settings.Runs,
        Grading = settings.Grading,
        Certificate = settings.Certificate,
    };

    public static CoursePackage AddModule(CoursePackage course, ModuleSettings module)
    {
        RequireNewKey(course, module.Key, "key");
        return Renumber(course with
        {
            Modules = [.. course.Modules, new ModuleSpec { Folder = $"00-{module.Key}", Key = module.Key, Title = module.Title, Summary = module.Summary, UnlockWeek = module.UnlockWeek, Items = [] }],
        });
    }

    public static CoursePackage UpdateModule(CoursePackage course, string moduleKey, ModuleSettings settings)
    {
        var module = Module(course, moduleKey);
        if (settings.Key != moduleKey)
        {
            throw new DraftEditException("key", "A module's key cannot change: learner data refers to it.");
        }

        return Replace(course, module, module with { Title = settings.Title, Summary = settings.Summary, UnlockWeek = settings.UnlockWeek });
    }

    public static CoursePackage RemoveModule(CoursePackage course, string moduleKey)
    {
        var module = Module(course, moduleKey);
        return Renumber(course with { Modules = [.. course.Modules.Where(candidate => candidate != module)] });
    }

    public static CoursePackage OrderModules(CoursePackage course, KeyOrder order)
    {
        RequirePermutation(course.Modules.Select(module => module.Key), order.Keys);
        return Renumber(course with { Modules = [.. order.Keys.Select(key => Module(course, key))] });
    }

    public static CoursePackage AddItem(CoursePackage course, string moduleKey, ItemSpec item)
    {
        var module = Module(course, moduleKey);
        RequireNewKey(course, item.Key, "key");
        return Renumber(Replace(course, module, module with { Items = [.. module.Items, item] }));
    }

    public static CoursePackage UpdateItem(CoursePackage course, string itemKey, ItemSpec item)
    {
        var (module, current) = Item(course, itemKey);
        if (item.TypeName != current.TypeName)
        {
            throw new DraftEditException("type", $"'{itemKey}' is a {current.TypeName}; an item's type cannot change.");
        }

        var updated = item with { Key = itemKey, FileStem = current.FileStem };
        return Replace(course, module, module with { Items = [.. module.Items.Select(candidate => candidate == current ? updated : candidate)] });
    }

    public static CoursePackage RemoveItem(CoursePackage course, string itemKey)
    {
        var (module, item) = Item(course, itemKey);
        return Renumber(Replace(course, module, module with { Items = [.. module.Items.Where(candidate => candidate != item)] }));
    }

    public static CoursePackage OrderItems(CoursePackage course, string moduleKey, KeyOrder order)
    {
        var module = Module(course, moduleKey);
        RequirePermutation(module.Items.Select(item => item.Key), order.Keys);
        return Renumber(Replace(course, module, module with { Items = [.. order.Keys.Select(key => module.Items.First(item => item.Key == key))] }));
    }

    public static CoursePackage SetQuestion(CoursePackage course, string quizKey, string questionKey, QuestionSpec question)
    {
        var quiz = Quiz(course, quizKey);
        var updated = question with { Key = questionKey };
        var questions = quiz.Questions.Any(candidate => candidate.Key == questionKey)
            ? [.. quiz.Questions.Select(candidate => candidate.Key == questionKey ? updated : candidate)]
            : new List<QuestionSpec>([.. quiz.Questions, updated]);
        return UpdateItem(course, quizKey, quiz with { Questions = questions });
    }

    public static CoursePackage RemoveQuestion(CoursePackage course, string quizKey, string questionKey)
    {
        var quiz = Quiz(course, quizKey);
        if (quiz.Questions.All(candidate => candidate.Key != questionKey))
        {
            throw new DraftEditException("question", $"Quiz '{quizKey}' has no question '{questionKey}'.", notFound: true);
        }

        return UpdateItem(course, quizKey, quiz with { Questions = [.. quiz.Questions.Where(candidate => candidate.Key != questionKey)] });
    }

    /// <summary>A course created in the studio: titles and nothing else yet, to be filled by its staff.</summary>
    public static CoursePackage Shell(string slug, Dictionary<string, string> title, Dictionary<string, string>? summary) => new()
    {
        Slug = slug,
        Title = title,
        Summary = summary ?? title,
        Languages = [.. title.Keys.Order(StringComparer.Ordinal)],
        Effort = new Effort(1, 1),
        Runs = [],
        Grading = new GradingPolicy(0.6m, []),
        Certificate = new CertificateRule(0.6m, null, null),
        Modules = [],
    };

    private static CoursePackage Renumber(CoursePackage course) => course with
    {
        Modules = [.. course.Modules.Select((module, m) => module with
        {
            Folder = Numbered(m, module.Folder, module.Key),
            Items = [.. module.Items.Select((item, i) => item with { FileStem = Numbered(i, item.FileStem, item.Key) })],
        })],
    };

    /// <summary>"NN-name" with NN the 1-based position; the name part is kept, so exported files keep their names.</summary>
    private static string Numbered(int index, string current, string key)
    {
        var name = Prefix().IsMatch(current) ? current[3..] : key;
        return $"{index + 1:00}-{name}";
    }

    private static CoursePackage Replace(CoursePackage course, ModuleSpec module, ModuleSpec updated) =>
        course with { Modules = [.. course.Modules.Select(candidate => candidate == module ? updated : candidate)] };

    private static ModuleSpec Module(CoursePackage course, string key) =>
        course.Modules.FirstOrDefault(module => module.Key == key) ?? throw new DraftEditException("module", $"The draft has no module '{key}'.", notFound: true);

    private static (ModuleSpec Module, ItemSpec Item) Item(CoursePackage course, string key) =>
        course.Find(key) ?? throw new DraftEditException("item", $"The draft has no item '{key}'.", notFound: true);

    private static QuizSpec Quiz(CoursePackage course, string key) =>
        Item(course, key).Item as QuizSpec ?? throw new DraftEditException("item", $"'{key}' is not a quiz.");

    private static void RequireNewKey(CoursePackage course, string key, string field)
    {
        if (course.Modules.Any(module => module.Key == key) || course.Items.Any(item => item.Key == key))
        {
            throw new DraftEditException(field, $"The key '{key}' is already used in this course.");
        }
    }

    private static void RequirePermutation(IEnumerable<string> current, List<string> order)
    {
        if (order is null || !current.Order(StringComparer.Ordinal).SequenceEqual(order.Order(StringComparer.Ordinal)))
        {
            throw new DraftEditException("keys", "The order must list every key exactly once.");
        }
    }

    [GeneratedRegex("^[0-9]{2}-")]
    private static partial Regex Prefix();
}
