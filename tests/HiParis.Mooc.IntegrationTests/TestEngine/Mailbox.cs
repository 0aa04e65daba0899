using System.Text.RegularExpressions;
using MimeKit;

namespace HiParis.Mooc.IntegrationTests.TestEngine;

/// <summary>Reads what the development e-mail sink wrote: one .eml file per message.</summary>
public sealed partial class Mailbox(string folder)
{
    public IReadOnlyList<MimeMessage> MessagesTo(string address) =>
        !Directory.Exists(folder)
            ? []
            : [.. Directory.GetFiles(folder, "*.eml")
                .Order(StringComparer.Ordinal)
                .Select(path => MimeMessage.Load(path))
                .Where(message => message.To.Mailboxes.Any(to => string.Equals(to.Address, address, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>The first http(s) link in the newest message to <paramref name="address"/>.</summary>
    public Uri LatestLinkTo(string address)
    {
        var messages = MessagesTo(address);
        var message = messages.Count > 0 ? messages[^1] : throw new InvalidOperationException($"No e-mail was sent to {address}.");
        var match = LinkPattern().Match(message.TextBody ?? "");
        return match.Success ? new Uri(match.Value) : throw new InvalidOperationException($"No link in '{message.Subject}'.");
    }

    public void Clear()
    {
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.GetFiles(folder))
            {
                File.Delete(file);
            }
        }
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
