using HiParis.Mooc.Api.Infrastructure.Email;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace HiParis.Mooc.UnitTests.Infrastructure;

public sealed class AccountMailOutboxTests
{
    private readonly IMailTransport _transport = Substitute.For<IMailTransport>();

    private AccountMailOutbox Outbox(bool background = true) =>
        new(_transport, Options.Create(new EmailOptions { SendInBackground = background }), TimeProvider.System, NullLogger<AccountMailOutbox>.Instance);

    [Fact]
    public async Task AnAccountMail_IsHandedOver_WithoutWaitingForTheMailServer()
    {
        var server = new TaskCompletionSource();
        var delivered = new TaskCompletionSource<MimeMessage>();
        _transport.SendAsync(Arg.Any<MimeMessage>(), Arg.Any<CancellationToken>()).Returns(async call =>
        {
            await server.Task;
            delivered.TrySetResult(call.Arg<MimeMessage>());
        });
        var outbox = Outbox();
        await outbox.StartAsync(TestContext.Current.CancellationToken);
        var message = new MimeMessage { Subject = "Your password reset code" };

        await outbox.SendAsync(message, TestContext.Current.CancellationToken);

        Assert.False(delivered.Task.IsCompleted);
        server.SetResult();
        Assert.Same(message, await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        await outbox.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AFailedDelivery_IsTriedAgain()
    {
        var attempts = 0;
        var delivered = new TaskCompletionSource();
        _transport.SendAsync(Arg.Any<MimeMessage>(), Arg.Any<CancellationToken>()).Returns(_ =>
        {
            if (++attempts == 1)
            {
                throw new IOException("The mail server closed the connection.");
            }

            delivered.TrySetResult();
            return Task.CompletedTask;
        });
        var outbox = Outbox();
        await outbox.StartAsync(TestContext.Current.CancellationToken);

        await outbox.SendAsync(new MimeMessage { Subject = "Confirm your e-mail address" }, TestContext.Current.CancellationToken);

        await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(2, attempts);
        await outbox.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task StoppingTheHost_SendsTheMessageUnderWay_AndTheWaitingOnes_OnceEach()
    {
        var sent = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _transport.SendAsync(Arg.Any<MimeMessage>(), Arg.Any<CancellationToken>()).Returns(async call =>
        {
            await Task.Delay(300, CancellationToken.None);
            sent.Enqueue(call.Arg<MimeMessage>().Subject ?? "");
        });
        var outbox = Outbox();
        await outbox.StartAsync(TestContext.Current.CancellationToken);
        await outbox.SendAsync(new MimeMessage { Subject = "A" }, TestContext.Current.CancellationToken);
        await outbox.SendAsync(new MimeMessage { Subject = "B" }, TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);

        await outbox.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["A", "B"], sent.ToArray());
    }

    [Fact]
    public async Task AMessageWaitingToBeTriedAgain_IsSentWhenTheHostStops()
    {
        var attempts = 0;
        _transport.SendAsync(Arg.Any<MimeMessage>(), Arg.Any<CancellationToken>()).Returns(_ =>
            ++attempts == 1 ? Task.FromException(new IOException("The mail server closed the connection.")) : Task.CompletedTask);
        var outbox = Outbox();
        await outbox.StartAsync(TestContext.Current.CancellationToken);
        await outbox.SendAsync(new MimeMessage { Subject = "Your password reset code" }, TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);

        // The first try failed; the next would come after 1 s. The stop sends it now.
        await outbox.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task WithoutBackgroundSending_TheMailLeavesInline_AndItsFailureIsTheCallers()
    {
        _transport.SendAsync(Arg.Any<MimeMessage>(), Arg.Any<CancellationToken>()).ThrowsAsync(new IOException("No mail server."));

        await Assert.ThrowsAsync<IOException>(() => Outbox(background: false).SendAsync(new MimeMessage(), TestContext.Current.CancellationToken));
    }
}
