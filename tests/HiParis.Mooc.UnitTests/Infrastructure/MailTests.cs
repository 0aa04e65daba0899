using System.Globalization;
using System.Text;
using HiParis.Mooc.Api.Infrastructure.Email;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Outbox;
using HiParis.Mooc.Api.Infrastructure.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace HiParis.Mooc.UnitTests.Infrastructure;

public sealed class MailTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static MailComposer Composer() =>
        new(Options.Create(new EmailOptions { From = "MOOC <no-reply@example.org>" }), new FakeTimeProvider(Now));

    [Fact]
    public void Compose_InEnglish_WritesTheLinkAsTextAndAsAnHtmlAnchor()
    {
        var message = WithCulture("en", () => Composer().Compose("Ada", "ada@example.org", "Confirm your e-mail address", "Open this link:", "https://mooc.test/confirm?userId=1&code=x%2By"));

        Assert.Equal("Confirm your e-mail address", message.Subject);
        Assert.Equal("ada@example.org", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("no-reply@example.org", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal(Now, message.Date);
        Assert.Contains("Hello Ada,", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://mooc.test/confirm?userId=1&code=x%2By", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://mooc.test/confirm?userId=1&amp;code=x%2By\"", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_InFrench_WritesTheMessageInFrench()
    {
        var message = WithCulture("fr", () => Composer().Compose("Ada", "ada@example.org", "Votre code", "Utilisez ce code :", "123456"));

        Assert.Contains("Bonjour Ada,", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("L'équipe du MOOC Hi! PARIS", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutboxMessage_IsSevenBitMime_ThatLoadsBackAsTheSameMessage()
    {
        var composed = WithCulture("fr", () => Composer().Compose("Zoë Ἀθηνᾶ 李", "zoe@example.org", "Réinitialisez votre mot de passe", "Ouvrez ce lien :", "https://mooc.test/reset"));

        var row = OutboxMessage.Create(composed, Guid.NewGuid(), Now);
        var loaded = MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(row.Mime)), TestContext.Current.CancellationToken);

        Assert.All(row.Mime, character => Assert.True(character < 128));
        Assert.Equal(OutboxState.Pending, row.State);
        Assert.Equal(Now, row.NextAttemptAt);
        Assert.Equal("zoe@example.org", row.Recipient);
        Assert.Equal(composed.MessageId, loaded.MessageId);
        Assert.Equal("Réinitialisez votre mot de passe", loaded.Subject);
        Assert.Equal("Zoë Ἀθηνᾶ 李", Assert.Single(loaded.To.Mailboxes).Name);
        Assert.Contains("Bonjour Zoë Ἀθηνᾶ 李,", loaded.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(5, 160)]
    [InlineData(9, 2560)]
    [InlineData(10, 3600)]
    [InlineData(30, 3600)]
    public void RetryDelay_DoublesFromTenSeconds_UpToAnHour(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), OutboxDispatcher.RetryDelay(attempts));

    [Theory]
    [InlineData("http://evil.example/api/auth/confirmEmail?userId=1&code=a%2Bb", "https://mooc.example.org/api/auth/confirmEmail?userId=1&code=a%2Bb")]
    [InlineData("https://localhost:5001/api/auth/confirmEmail?userId=2", "https://mooc.example.org/api/auth/confirmEmail?userId=2")]
    public void Rebase_KeepsThePathAndQuery_UnderThePublicBaseUrl(string link, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PublicBaseUrl.Key] = "https://mooc.example.org/" }).Build();

        Assert.Equal(expected, PublicBaseUrl.Rebase(configuration, link));
    }

    [Theory]
    [InlineData("mooc.example.org")]
    [InlineData("ftp://mooc.example.org")]
    public void PublicBaseUrl_ThatIsNotAnAbsoluteHttpUrl_StopsTheStart(string configured)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PublicBaseUrl.Key] = configured }).Build();

        Assert.Throws<InvalidOperationException>(() => PublicBaseUrl.From(configuration));
    }

    [Theory]
    [InlineData("kate@example.org", "kate@example.org")]
    [InlineData("\u212Aate@example.org", "kate@example.org")]
    [InlineData(" KATE@example.org ", "kate@example.org")]
    [InlineData("new.address@example.org", "new.address@example.org")]
    [InlineData("\uFF4Eew@example.org", "new@example.org")]
    public void Recipient_IsTheAccountsOwnAddress_WhateverTheSpelling_ElseTheFoldedNewOne(string requested, string expected)
    {
        var user = new User { Email = "kate@example.org" };

        Assert.Equal(expected, MoocEmailSender.Recipient(user, requested));
    }

    private static T WithCulture<T>(string culture, Func<T> action)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
