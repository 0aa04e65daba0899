using System.Text.RegularExpressions;
using HiParis.Mooc.Domain.Courses;

namespace HiParis.Mooc.Api.Features.Courses.Captions;

/// <summary>
/// Cuts running text into captions: sentences, then cues of at most two balanced lines of at most
/// <see cref="CaptionRules.MaxLineLength"/> characters, broken where a reader expects a pause (after
/// punctuation first, then before a conjunction or preposition) and never inside a word.
/// </summary>
public static partial class CueCutter
{
    private const int MaxCueLength = (CaptionRules.MaxLineLength * CaptionRules.MaxLines) + 1;

    /// <summary>Words a caption may start with: a new clause or phrase begins there.</summary>
    private static readonly Dictionary<string, HashSet<string>> PhraseStarts = new()
    {
        ["en"] = ["and", "or", "but", "because", "so", "which", "that", "who", "whose", "where", "when", "while", "although", "though", "if", "as", "than", "with", "without", "for", "from", "in", "on", "at", "by", "into", "about", "between", "through", "after", "before", "during", "under", "over", "to", "of", "since", "until", "whether", "not"],
        ["fr"] = ["et", "ou", "mais", "car", "donc", "qui", "que", "qu'", "dont", "où", "quand", "lorsque", "lorsqu'", "puisque", "si", "comme", "avec", "sans", "pour", "par", "dans", "sur", "sous", "entre", "vers", "depuis", "pendant", "avant", "après", "contre", "chez", "selon", "de", "du", "des", "à", "au", "aux", "en", "afin", "parce", "tandis", "alors", "mais"],
    };

    /// <summary>Words a caption line should not end on: they belong with what follows.</summary>
    private static readonly Dictionary<string, HashSet<string>> Clingers = new()
    {
        ["en"] = ["a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "and", "or", "its", "their", "his", "her", "our", "my", "your", "this", "that", "these", "those", "is", "are", "was", "were", "be", "not", "no", "mr", "dr"],
        ["fr"] = ["le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "à", "au", "aux", "et", "ou", "en", "ce", "cet", "cette", "ces", "son", "sa", "ses", "leur", "leurs", "notre", "nos", "votre", "vos", "mon", "ma", "mes", "est", "sont", "ne", "n'", "qu'", "que", "se", "s'", "pour", "par", "dans", "sur"],
    };

    private static readonly HashSet<string> Abbreviations =
        ["mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "vs.", "e.g.", "i.e.", "al.", "inc.", "ltd.", "co.", "no.", "fig.", "cf.", "approx.", "m.", "mme.", "mlle.", "pr.", "ex.", "p.", "vol.", "éd.", "ed."];

    /// <summary>Running text split into sentences (a sentence ends at . ! ? or … before a capital, a digit or a quote).</summary>
    public static IReadOnlyList<string> Sentences(string text, string language)
    {
        var words = Words(Typeset(text, language));
        List<string> sentences = [];
        var start = 0;
        for (var i = 0; i < words.Count; i++)
        {
            if (i == words.Count - 1 || (EndsSentence(words[i]) && StartsSentence(words[i + 1]) && !NameGoesOn(words[i], words[i + 1])))
            {
                sentences.Add(string.Join(' ', words[start..(i + 1)]));
                start = i + 1;
            }
        }

        return sentences;
    }

    /// <summary>A sentence cut into cues, each one or two lines.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cues(string sentence, string language)
    {
        var words = Words(sentence);
        var n = words.Count;
        if (n == 0)
        {
            return [];
        }

        // best[j]: the least cost of cutting words[..j] into cues; from[j]: where the last of them starts.
        var best = new double[n + 1];
        var from = new int[n + 1];
        Array.Fill(best, double.PositiveInfinity);
        best[0] = 0;
        for (var j = 1; j <= n; j++)
        {
            var length = -1;
            for (var i = j - 1; i >= 0; i--)
            {
                length += words[i].Length + 1;
                if (length > MaxCueLength && i < j - 1)
                {
                    break;
                }

                if (Lines(words[i..j], language) is null && i < j - 1)
                {
                    continue;
                }

                var cost = best[i] + CueCost(words, i, j, length, language);
                if (cost < best[j])
                {
                    best[j] = cost;
                    from[j] = i;
                }
            }
        }

        List<IReadOnlyList<string>> cues = [];
        for (var j = n; j > 0; j = from[j])
        {
            var cueWords = words[from[j]..j];
            cues.Add(Lines(cueWords, language) ?? [string.Join(' ', cueWords)]);
        }

        cues.Reverse();
        return cues;
    }

    /// <summary>A cue's words on one line, or two lines as balanced as the phrase allows; null when they do not fit.</summary>
    public static IReadOnlyList<string>? Lines(IReadOnlyList<string> words, string language)
    {
        var text = string.Join(' ', words);
        if (text.Length <= CaptionRules.MaxLineLength)
        {
            return [text];
        }

        IReadOnlyList<string>? best = null;
        var bestCost = double.PositiveInfinity;
        var first = -1;
        for (var k = 1; k < words.Count; k++)
        {
            first += words[k - 1].Length + 1;
            var second = text.Length - first - 1;
            if (first > CaptionRules.MaxLineLength || second > CaptionRules.MaxLineLength)
            {
                continue;
            }

            var cost = (Math.Abs(first - second) * 0.15) + (BreakPenalty(words[k - 1], words[k], language) * 0.6);
            if (cost < bestCost)
            {
                bestCost = cost;
                best = [string.Join(' ', words.Take(k)), string.Join(' ', words.Skip(k))];
            }
        }

        return best;
    }

    /// <summary>French typography: a non-breaking space keeps ? ! : ; » and thousands with what they belong to.</summary>
    public static string Typeset(string text, string language) =>
        language != "fr" ? text : FrenchThousands().Replace(FrenchOpeningQuote().Replace(FrenchClosingPunctuation().Replace(text, "$1\u00A0$2"), "«\u00A0"), "$1\u00A0$2");

    private static List<string> Words(string text) =>
        [.. text.Split([' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Each cue costs a little (fewer, fuller cues read better), a short one more, a break inside a phrase most.</summary>
    private static double CueCost(List<string> words, int i, int j, int length, string language)
    {
        var cost = 2.0;
        if (length < 32)
        {
            cost += (32 - length) * 0.3;
        }

        if (j < words.Count)
        {
            cost += BreakPenalty(words[j - 1], words[j], language);
        }

        return i == j - 1 && length > MaxCueLength ? cost + 100 : cost;
    }

    private static double BreakPenalty(string before, string after, string language)
    {
        if (before[^1] is ',' or ';' or ':' or ')' or '»' or '”' or '.' or '?' or '!' || after is "—" or "–")
        {
            return 0.5;
        }

        var cost = PhraseStarts[Language(language)].Contains(Bare(after)) ? 3 : 6;
        return Clingers[Language(language)].Contains(Bare(before)) ? cost + 8 : cost;
    }

    private static string Language(string language) => PhraseStarts.ContainsKey(language) ? language : "en";

    private static string Bare(string word)
    {
        var lower = word.ToLowerInvariant().Trim('“', '”', '«', '»', '"', '(', ')', ',', ';', ':', '.', '\u00A0');
        var apostrophe = lower.IndexOfAny(['\'', '’']);
        return apostrophe > 0 && apostrophe < lower.Length - 1 && lower.Length <= 6 ? lower[..(apostrophe + 1)].Replace('’', '\'') : lower;
    }

    private static bool EndsSentence(string word)
    {
        var trimmed = word.TrimEnd('”', '»', '"', ')', '’', '\u00A0');
        if (trimmed.Length == 0 || trimmed[^1] is not ('.' or '!' or '?' or '…'))
        {
            return false;
        }

        var lower = word.ToLowerInvariant();
        return !(Abbreviations.Contains(lower) || Initials().IsMatch(word));
    }

    /// <summary>"Hi! PARIS" ends no sentence at its "!".</summary>
    private static bool NameGoesOn(string word, string next) =>
        word.EndsWith("Hi!", StringComparison.Ordinal) && next.StartsWith("PARIS", StringComparison.Ordinal);

    private static bool StartsSentence(string word) =>
        word.TrimStart('“', '«', '"', '(', '‘', '\u00A0') is { Length: > 0 } rest && (char.IsUpper(rest[0]) || char.IsDigit(rest[0]));

    [GeneratedRegex(@"^(?:\p{Lu}\.)+$")]
    private static partial Regex Initials();

    [GeneratedRegex(@"(\S) ([?!:;»])")]
    private static partial Regex FrenchClosingPunctuation();

    [GeneratedRegex(@"« ")]
    private static partial Regex FrenchOpeningQuote();

    [GeneratedRegex(@"(\d) (\d{3})\b")]
    private static partial Regex FrenchThousands();
}
