using System.Text.Json;
using System.Text.Json.Serialization;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Api.Features.Courses;

/// <summary>How a version's content is stored in its jsonb column.</summary>
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

    public static CoursePackage Deserialize(string json) =>
        JsonSerializer.Deserialize<CoursePackage>(json, Options) ?? throw new InvalidOperationException("Empty course content.");
}
