using System.Text;
using System.Text.RegularExpressions;

namespace HiParis.Mooc.Api.Features.Courses.Packages;

public static partial class PackageWriter
{
    [GeneratedRegex(@"^(true|false|yes|no|on|off|y|n|null|~|[-+]?(\.\d+|\d[\d_]*(\.\d*)?)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|\d{4}-\d\d-\d\d.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex LooksTyped();

    /// <summary>A tiny YAML emitter for the shapes packages use; keys are written as given.</summary>
    private sealed class Yaml
    {
        private readonly StringBuilder _text = new();

        public void Line(int depth, string text) => _text.Append(' ', depth * 2).Append(text).Append('\n');

        /// <summary>A text value, quoted where needed.</summary>
        public void Field(int depth, string key, string value) => Line(depth, $"{key}: {Scalar(value)}");

        /// <summary>A value that is already a YAML token: a number, a boolean, an instant, an enum name.</summary>
        public void Token(int depth, string key, string value) => Line(depth, $"{key}: {value}");

        public void OptionalField(int depth, string key, string? value)
        {
            if (value is not null)
            {
                Field(depth, key, value);
            }
        }

        public void OptionalToken(int depth, string key, string? value)
        {
            if (value is not null)
            {
                Token(depth, key, value);
            }
        }

        /// <summary>The first field of a list element, <c>- key: value</c>; its other fields go one level deeper.</summary>
        public void Item(int depth, string key, string value) => Line(depth, $"- {key}: {Scalar(value)}");

        public void Localized(int depth, string key, Dictionary<string, string> texts, List<string> languages)
        {
            Line(depth, $"{key}:");
            foreach (var language in languages.Where(texts.ContainsKey))
            {
                var text = texts[language];
                if (!FitsLiteralBlock(text))
                {
                    Line(depth + 1, $"{language}: {Scalar(text)}");
                    continue;
                }

                // Markdown of several lines reads best as a literal block: "|" keeps one final line break, "|-" none.
                Line(depth + 1, $"{language}: {(text.EndsWith('\n') ? "|" : "|-")}");
                foreach (var line in text.TrimEnd('\n').Split('\n'))
                {
                    if (line.Length == 0)
                    {
                        _text.Append('\n');
                    }
                    else
                    {
                        Line(depth + 2, line);
                    }
                }
            }
        }

        /// <summary>
        /// A text of several lines that a literal block gives back unchanged: at most one final line break, no
        /// line of blanks only (a block reads it as empty), no leading blank (it would set the indentation).
        /// </summary>
        private static bool FitsLiteralBlock(string text) =>
            text.Contains('\n', StringComparison.Ordinal) &&
            !text.EndsWith("\n\n", StringComparison.Ordinal) &&
            !text.StartsWith('\n') &&
            !char.IsWhiteSpace(text[0]) &&
            !text.Any(c => char.IsControl(c) && c != '\n') &&
            text.Split('\n').All(line => line.Length == 0 || line.Trim().Length > 0);

        /// <summary>Plain when YAML reads it back as the same string, else double-quoted.</summary>
        public static string Scalar(string value)
        {
            var plain = value.Length > 0 &&
                        value.Trim() == value &&
                        "-?:,[]{}#&*!|>'\"%@`".IndexOf(value[0], StringComparison.Ordinal) < 0 &&
                        !value.Contains(": ", StringComparison.Ordinal) &&
                        !value.Contains(" #", StringComparison.Ordinal) &&
                        !value.EndsWith(':') &&
                        !value.Any(char.IsControl) &&
                        !LooksTyped().IsMatch(value);
            if (plain)
            {
                return value;
            }

            var quoted = new StringBuilder("\"");
            foreach (var c in value)
            {
                quoted.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\t' => "\\t",
                    _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                    _ => c.ToString(),
                });
            }

            return quoted.Append('"').ToString();
        }

        public override string ToString() => _text.ToString();
    }
}
