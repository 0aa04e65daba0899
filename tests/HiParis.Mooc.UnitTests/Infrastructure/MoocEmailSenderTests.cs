using System.Globalization;
using HiParis.Mooc.Api.Infrastructure.Email;
using HiParis.Mooc.Api.Infrastructure.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using NSubstitute;

namespace HiParis.Mooc.UnitTests.Infrastructure;

public sealed class MoocEmailSenderTests
{
    private readonly IMailTransport _transport = Substitute.For<IMailTransport>();
    private readonly User _user = new() { DisplayName = "Ada", Email = "ada@example.org" };

    private MoocEmailSender Sender()
    {
        var options = Options.Create(new EmailOptions { From = "MOOC <no-reply@example.org>", SendInBackground = false });
        return new(_transport, new AccountMailOutbox(_transport, options, TimeProvider.System, NullLogger<AccountMailOutbox>.Instance), options);
    }

    [Fact]
    public async Task SendConfirmationLink_InEnglish_SendsTheDecodedLinkToTheLearner()
    {
        MimeMessage? sent = null;
        await _transport.SendAsync(Arg.Do<MimeMessage>(message => sent = message), Arg.Any<CancellationToken>());

        await WithCultureAsync("en", () => Sender().SendConfirmationLinkAsync(_user, "ada@example.org", "https://mooc.test/confirm?userId=1&amp;code=x%2By"));

        Assert.NotNull(sent);
        Assert.Equal("Confirm your e-mail address", sent.Subject);
        Assert.Equal("ada@example.org", Assert.Single(sent.To.Mailboxes).Address);
        Assert.Equal("no-reply@example.org", Assert.Single(sent.From.Mailboxes).Address);
        Assert.Contains("https://mooc.test/confirm?userId=1&code=x%2By", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains("Hello Ada,", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://mooc.test/confirm?userId=1&amp;code=x%2By\"", sent.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendPasswordResetCode_InFrench_WritesTheMessageInFrench()
    {
        MimeMessage? sent = null;
        await _transport.SendAsync(Arg.Do<MimeMessage>(message => sent = message), Arg.Any<CancellationToken>());

        await WithCultureAsync("fr", () => Sender().SendPasswordResetCodeAsync(_user, "ada@example.org", "123456"));

        Assert.NotNull(sent);
        Assert.Equal("Votre code de réinitialisation", sent.Subject);
        Assert.Contains("Bonjour Ada,", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains("123456", sent.TextBody, StringComparison.Ordinal);
    }

    private static async Task WithCultureAsync(string culture, Func<Task> action)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            await action();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
