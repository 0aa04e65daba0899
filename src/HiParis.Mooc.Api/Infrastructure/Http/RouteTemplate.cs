using System.Text.RegularExpressions;

namespace HiParis.Mooc.Api.Infrastructure.Http;

/// <summary>
/// Each route is one constant template, mapped by its feature and filled here for links and tests:
/// the parameters (<c>{slug}</c>, <c>{id:guid}</c>, <c>{*path}</c>) take the values in order.
/// </summary>
public static partial class RouteTemplate
{
    public static string Fill(string template, params object[] values)
    {
        var index = 0;
        var path = Parameter().Replace(template, _ => Convert.ToString(values[index++], System.Globalization.CultureInfo.InvariantCulture) ?? "");
        return index == values.Length ? path : throw new ArgumentException($"'{template}' takes {index} values, not {values.Length}.", nameof(values));
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
