using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Api.Features.Courses;

/// <summary>How a version's content is stored in its jsonb column, and how earlier editions' content still reads.</summary>
public static class CourseContentJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // jsonb stores keys in its own order: the item type discriminator may come anywhere.
        AllowOutOfOrderMetadataProperties = true,
    };

    public static string Serialize(CoursePackage course) => JsonSerializer.Serialize(course, Options);

    public static CoursePackage Deserialize(string json)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidOperationException("Empty course content.");
        foreach (var item in (root["modules"] as JsonArray ?? []).OfType<JsonObject>().SelectMany(module => (module["items"] as JsonArray ?? []).OfType<JsonObject>()))
        {
            UpgradeItem(item);
        }

        return root.Deserialize<CoursePackage>(Options) ?? throw new InvalidOperationException("Empty course content.");
    }

    /// <summary>
    /// The first edition stored a lesson's one video as <c>videoSource</c> and <c>durationSeconds</c>; the second
    /// stores <c>sources</c>, a list. Versions stored before stay as they are in the database and read as one source.
    /// </summary>
    public static void UpgradeItem(JsonObject item)
    {
        if (item["sources"] is not null || !item.ContainsKey("videoSource"))
        {
            return;
        }

        var source = new JsonObject { ["src"] = item["videoSource"]?.DeepClone(), ["durationSeconds"] = item["durationSeconds"]?.DeepClone() };
        item.Remove("videoSource");
        item.Remove("durationSeconds");
        item["sources"] = new JsonArray(source);
    }
}
