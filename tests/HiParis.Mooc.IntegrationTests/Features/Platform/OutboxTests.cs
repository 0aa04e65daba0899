using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using HiParis.Mooc.Api.Features.Auth;
using HiParis.Mooc.Api.Infrastructure.Email;
using HiParis.Mooc.Api.Infrastructure.Outbox;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.IntegrationTests.TestEngine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;
using Npgsql;

namespace HiParis.Mooc.IntegrationTests.Features.Platform;

/// <summary>A mail server the test controls: it accepts, refuses, or hangs until the host gives up on it.</summary>
public sealed class ControlledMailServer
{
    private readonly ConcurrentQueue<MimeMessage> _accepted = new();
    private readonly TaskCompletionSource _firstCall = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstAccepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Func<MimeMessage, CancellationToken, Task>? Behaviour { get; set; }

    public IReadOnlyCollection<MimeMessage> Accepted => _accepted;

    /// <summary>Completes when a dispatcher first hands this server a message.</summary>
    public Task FirstCall => _firstCall.Task;

    public Task FirstAccepted => _firstAccepted.Task;

    public static Task Hang(MimeMessage message, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

    public static Task Refuse(MimeMessage message, CancellationToken cancellationToken) => throw new IOException("Connection refused by the mail server.");

    public async Task AcceptAsync(MimeMessage message, IMailTransport inner, CancellationToken cancellationToken)
    {
        _firstCall.TrySetResult();
        if (Behaviour is { } behaviour)
        {
            await behaviour(message, cancellationToken);
        }

        await inner.SendAsync(message, cancellationToken);
        _accepted.Enqueue(message);
        _firstAccepted.TrySetResult();
    }
}

/// <summary>The development sink behind a <see cref="ControlledMailServer"/>.</summary>
internal sealed class ControlledTransport(ControlledMailServer server, IMailTransport sink) : IMailTransport
{
    public Task SendAsync(MimeMessage message, CancellationToken cancellationToken) => server.AcceptAsync(message, sink, cancellationToken);
}

/// <summary>The API with its mail server controlled by the test, on its own database or on another host's.</summary>
public sealed class OutboxApiFactory(TestDatabase database, bool background, string? sharedConnectionString = null) : MoocApiFactory(database)
{
    public ControlledMailServer MailServer { get; } = new();

    protected override string? SharedConnectionString => sharedConnectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Email:SendInBackground", background ? "true" : "false");

        // Only a commit's wake-up (or the start) can send within a test: the poll comes after ten minutes.
        builder.UseSetting("Email:PollSeconds", "600");
        builder.UseSetting("Email:MaxAttempts", "3");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IMailTransport>(provider => new ControlledTransport(MailServer, ActivatorUtilities.CreateInstance<PickupDirectoryMailTransport>(provider)));
            services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(1));
        });
    }
}

public sealed class OutboxTests(TestDatabase database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Long enough for anything that happens on its own; a test never waits this long when it passes.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ARegistration_WhenTheHostStopsBetweenItsCommitAndTheSend_IsDeliveredExactlyOnceAfterARestart()
    {
        var first = new OutboxApiFactory(database, background: true);
        await first.InitializeAsync();
        OutboxApiFactory? second = null;
        try
        {
            // The registration commits; the dispatcher claims its message, and the mail server never answers.
            first.MailServer.Behaviour = ControlledMailServer.Hang;
            await first.CreateClient().RegisterAsync("restart@example.org");
            await first.MailServer.FirstCall.WaitAsync(Patience, Ct);
            await first.StopHostAsync();

            second = new OutboxApiFactory(database, background: false, first.ConnectionString);
            await second.InitializeAsync();
            second.Clock.Advance(OutboxDispatcher.Lease + TimeSpan.FromSeconds(1));
            var dispatcher = second.Services.GetRequiredService<OutboxDispatcher>();
            var sentAfterRestart = await dispatcher.DispatchDueAsync(Ct);
            var sentAgain = await dispatcher.DispatchDueAsync(Ct);

            Assert.Empty(first.MailServer.Accepted);
            Assert.Equal(1, sentAfterRestart);
            Assert.Equal(0, sentAgain);
            var message = Assert.Single(second.Mailbox.MessagesTo("restart@example.org"));
            Assert.Equal("Confirm your e-mail address", message.Subject);
            Assert.Empty(first.Mailbox.MessagesTo("restart@example.org"));
            await second.CreateClient().ConfirmEmailAsync(second.Mailbox, "restart@example.org");
            Assert.Equal(["Sent"], await StatesAsync(second.ConnectionString));
        }
        finally
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task AMessageLeftWaitingByAStoppedHost_IsSentByTheNextHost_WhenItStarts()
    {
        await using var first = new OutboxApiFactory(database, background: false);
        await first.InitializeAsync();
        first.MailServer.Behaviour = ControlledMailServer.Refuse;
        await first.CreateClient().RegisterAsync("waiting@example.org");
        await first.StopHostAsync();

        await using var second = new OutboxApiFactory(database, background: true, first.ConnectionString);
        await second.InitializeAsync();
        second.Clock.Advance(OutboxDispatcher.RetryDelay(1));
        _ = second.Services;
        await second.MailServer.FirstAccepted.WaitAsync(Patience, Ct);

        Assert.Equal("Confirm your e-mail address", Assert.Single(second.MailServer.Accepted).Subject);
        Assert.Single(second.Mailbox.MessagesTo("waiting@example.org"));
    }

    [Fact]
    public async Task ACommit_WakesTheBackgroundDispatcher_WithoutWaitingForThePoll()
    {
        await using var api = new OutboxApiFactory(database, background: true);
        await api.InitializeAsync();
        _ = api.Services;

        var answer = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Register, new { email = "prompt@example.org", password = AuthClientExtensions.Password }, Ct);
        await api.MailServer.FirstAccepted.WaitAsync(Patience, Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("prompt@example.org", Assert.Single(Assert.Single(api.MailServer.Accepted).To.Mailboxes).Address);
        Assert.Equal(["Sent"], await StatesAsync(api.ConnectionString));
    }

    [Fact]
    public async Task AMessageThatKeepsFailing_IsTriedAgainAfterABackoff_ThenMarkedFailed()
    {
        await using var api = new OutboxApiFactory(database, background: false);
        await api.InitializeAsync();
        api.MailServer.Behaviour = ControlledMailServer.Refuse;
        var dispatcher = api.Services.GetRequiredService<OutboxDispatcher>();

        await api.CreateClient().RegisterAsync("unlucky@example.org");
        var beforeTheBackoff = await dispatcher.DispatchDueAsync(Ct);
        var attemptsAfterFirst = await AttemptsAsync(api.ConnectionString);
        api.Clock.Advance(OutboxDispatcher.RetryDelay(1));
        await dispatcher.DispatchDueAsync(Ct);
        api.Clock.Advance(OutboxDispatcher.RetryDelay(2));
        await dispatcher.DispatchDueAsync(Ct);
        api.Clock.Advance(TimeSpan.FromDays(1));
        var afterGivingUp = await dispatcher.DispatchDueAsync(Ct);

        Assert.Equal(0, beforeTheBackoff);
        Assert.Equal(1, attemptsAfterFirst);
        Assert.Equal(3, await AttemptsAsync(api.ConnectionString));
        Assert.Equal(0, afterGivingUp);
        Assert.Equal(["Failed"], await StatesAsync(api.ConnectionString));
        Assert.Empty(api.Mailbox.MessagesTo("unlucky@example.org"));
    }

    [Fact]
    public async Task TwoDispatchersOnOneDatabase_SendEveryMessageExactlyOnce()
    {
        await using var api = new OutboxApiFactory(database, background: false);
        await api.InitializeAsync();
        const int count = 40;
        await WriteWithoutSendingAsync(api, count);
        var dispatchers = Enumerable.Range(0, 2).Select(_ => ActivatorUtilities.CreateInstance<OutboxDispatcher>(api.Services)).ToList();

        var sent = await Task.WhenAll(dispatchers.Select(dispatcher => Task.Run(() => dispatcher.DispatchDueAsync(Ct), Ct)));

        Assert.Equal(count, sent.Sum());
        Assert.Equal(count, api.MailServer.Accepted.Select(message => message.MessageId).Distinct().Count());
        Assert.Equal(count, api.MailServer.Accepted.Count);
    }

    [Fact]
    public async Task SentMessages_ArePruned_AfterTheirDays()
    {
        await using var api = new OutboxApiFactory(database, background: false);
        await api.InitializeAsync();
        var dispatcher = api.Services.GetRequiredService<OutboxDispatcher>();
        await api.CreateClient().RegisterAsync("old@example.org");
        api.Clock.Advance(TimeSpan.FromDays(8));
        await api.CreateClient().RegisterAsync("recent@example.org");

        var pruned = await dispatcher.PruneAsync(Ct);

        Assert.Equal(1, pruned);
        Assert.Equal(1, await api.CountRowsAsync("outbox_messages"));
    }

    [Fact]
    public async Task ARegistrationThatFails_WritesNoMessage()
    {
        await using var api = new OutboxApiFactory(database, background: false);
        await api.InitializeAsync();

        var weak = await api.CreateClient().PostAsJsonAsync(AuthApiPaths.Register, new { email = "weak@example.org", password = "password1234" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal(0, await api.CountRowsAsync("outbox_messages"));
        Assert.Empty(api.MailServer.Accepted);
    }

    /// <summary>Rows written by another instance: through a context of its own, which no dispatcher here hears about.</summary>
    private static async Task WriteWithoutSendingAsync(OutboxApiFactory api, int count)
    {
        await using var dataSource = NpgsqlDataSource.Create(api.ConnectionString);
        var options = new DbContextOptionsBuilder<MoocDbContext>();
        options.UseMooc(dataSource);
        await using var db = new MoocDbContext(options.Options);
        var composer = api.Services.GetRequiredService<MailComposer>();
        for (var i = 0; i < count; i++)
        {
            db.OutboxMessages.Add(OutboxMessage.Create(composer.Compose($"Learner {i}", $"learner{i}@example.org", "Hello", "A lead.", "A payload."), null, api.Clock.GetUtcNow()));
        }

        await db.SaveChangesAsync(Ct);
    }

    private static async Task<List<string>> StatesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT state FROM outbox_messages ORDER BY created_at", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        List<string> states = [];
        while (await reader.ReadAsync(Ct))
        {
            states.Add(reader.GetString(0));
        }

        return states;
    }

    private static async Task<int> AttemptsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT attempts FROM outbox_messages", connection);
        return (int)(await command.ExecuteScalarAsync(Ct))!;
    }
}
