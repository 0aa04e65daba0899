using System.Text;

namespace HiParis.Mooc.Api.Features.Courses.Packages;

internal static class PackageNames
{
    /// <summary>"MultipleChoice" → "multiple_choice": how enum values are spelled in packages.</summary>
    public static string Snake(string pascal)
    {
        var text = new StringBuilder();
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
