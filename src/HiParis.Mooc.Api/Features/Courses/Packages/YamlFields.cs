using System.Globalization;
using HiParis.Mooc.Domain.Courses;
using YamlDotNet.RepresentationModel;

namespace HiParis.Mooc.Api.Features.Courses.Packages;

/// <summary>
/// Typed reads of a YAML mapping that record a problem (with file and line) instead of throwing,
/// so that one validation run reports every problem of a package.
/// </summary>
internal sealed class YamlFields(string file, int lineOffset, PackageProblems problems)
{
    public SourceRef At(YamlNode node) => new(file, (int)node.Start.Line + lineOffset);

    public void Problem(YamlNode node, string message) => problems.Add(At(node), message);

    public void RejectUnknown(YamlMappingNode map, params string[] allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name))
            {
                Problem(key, $"unknown field '{name}'");
            }
        }
    }

    public static YamlNode? Optional(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public YamlNode? Required(YamlMappingNode map, string key)
    {
        var node = Optional(map, key);
        if (node is null)
        {
            Problem(map, $"missing required field '{key}'");
        }

        return node;
    }

    public YamlMappingNode? Mapping(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlMappingNode map)
        {
            return map;
        }

        Problem(node, $"'{what}' must be a mapping");
        return null;
    }

    public YamlSequenceNode? Sequence(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlSequenceNode sequence)
        {
            return sequence;
        }

        Problem(node, $"'{what}' must be a list");
        return null;
    }

    public string? Scalar(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }

        Problem(node, $"'{what}' must be a non-empty text");
        return null;
    }

    public string? RequiredString(YamlMappingNode map, string key) => Scalar(Required(map, key), key);

    public string? OptionalString(YamlMappingNode map, string key) => Scalar(Optional(map, key), key);

    public int? Integer(YamlNode? node, string what)
    {
        var text = Scalar(node, what);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Problem(node!, $"'{what}' must be a whole number, not '{text}'");
        return null;
    }

    public decimal? Number(YamlNode? node, string what)
    {
        var text = Scalar(node, what);
        if (text is null)
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Problem(node!, $"'{what}' must be a number, not '{text}'");
        return null;
    }

    public bool? Boolean(YamlNode? node, string what)
    {
        var text = Scalar(node, what);
        switch (text)
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                Problem(node!, $"'{what}' must be true or false, not '{text}'");
                return null;
        }
    }

    public DateTimeOffset? Instant(YamlNode? node, string what)
    {
        var text = Scalar(node, what);
        if (text is null)
        {
            return null;
        }

        if (text.Contains('T', StringComparison.Ordinal) &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) &&
            (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > text.IndexOf('T', StringComparison.Ordinal)))
        {
            return value;
        }

        Problem(node!, $"'{what}' must be an ISO 8601 instant with an offset, e.g. 2027-01-11T08:00:00Z, not '{text}'");
        return null;
    }

    public TEnum? Enum<TEnum>(YamlNode? node, string what)
        where TEnum : struct, Enum
    {
        var text = Scalar(node, what);
        if (text is null)
        {
            return null;
        }

        foreach (var value in System.Enum.GetValues<TEnum>())
        {
            if (PackageNames.Snake(value.ToString()) == text)
            {
                return value;
            }
        }

        var allowed = string.Join(", ", System.Enum.GetValues<TEnum>().Select(value => PackageNames.Snake(value.ToString())));
        Problem(node!, $"'{what}' must be one of {allowed}, not '{text}'");
        return null;
    }

    /// <summary>A bilingual text: a map with one non-empty entry per course language, and no other.</summary>
    public Dictionary<string, string>? Localized(YamlNode? node, string what, IReadOnlyList<string> languages)
    {
        var map = Mapping(node, what);
        if (map is null)
        {
            return null;
        }

        Dictionary<string, string> texts = [];
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var language = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!languages.Contains(language))
            {
                Problem(keyNode, $"language '{language}' in '{what}' is not declared in course.yaml languages");
                continue;
            }

            if (Scalar(valueNode, $"{what}.{language}") is { } text)
            {
                texts[language] = text;
            }
        }

        foreach (var missing in languages.Where(language => !texts.ContainsKey(language) && !map.Children.ContainsKey(new YamlScalarNode(language))))
        {
            Problem(map, $"'{what}' has no '{missing}' text");
        }

        return texts;
    }

    public Dictionary<string, string>? RequiredLocalized(YamlMappingNode map, string key, IReadOnlyList<string> languages) =>
        Localized(Required(map, key), key, languages);
}
