using System.Text;
using HiParis.Mooc.Api.Infrastructure.Email;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;
using NpgsqlTypes;

namespace HiParis.Mooc.Api.Infrastructure.Outbox;

/// <summary>
/// Sends what the outbox holds, one message at a time: it claims a due message (a lease, taken with
/// <c>FOR UPDATE SKIP LOCKED</c>, so that several instances never claim the same one), hands it to the mail
/// transport, and marks it sent as soon as the server accepted it. A failure waits for an exponential
/// backoff; after <see cref="EmailOptions.MaxAttempts"/> tries the message is marked failed (ADR 14).
/// </summary>
public sealed class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    IMailTransport transport,
    TimeProvider clock,
    IOptions<EmailOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    /// <summary>How long a claimed message is left to its dispatcher: longer than any send may take.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>A send that takes longer than this is given up (and tried again later).</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);

    private const string Columns = "m.id, m.recipient, m.subject, m.mime, m.attempts";

    private const string ClaimDue = $"""
        UPDATE outbox_messages AS m SET attempts = m.attempts + 1, next_attempt_at = @lease
        FROM (SELECT id FROM outbox_messages WHERE state = 'Pending' AND next_attempt_at <= @now
              ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) AS due
        WHERE m.id = due.id
        RETURNING {Columns}
        """;

    private const string ClaimChosen = $"""
        UPDATE outbox_messages AS m SET attempts = m.attempts + 1, next_attempt_at = @lease
        FROM (SELECT id FROM outbox_messages WHERE id = ANY(@ids) AND state = 'Pending' AND next_attempt_at <= @now
              ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) AS due
        WHERE m.id = due.id
        RETURNING {Columns}
        """;

    /// <summary>The wait after the n-th failed try: 10 s, doubling each time, at most an hour.</summary>
    public static TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(LongestRetry.TotalSeconds, FirstRetry.TotalSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));

    /// <summary>
    /// Sends every message that is due, until none is left or <paramref name="stop"/> is signalled (checked
    /// between messages). A send under way is cut only by <paramref name="abandon"/>; its message is then
    /// claimed again once its lease ends. Returns how many messages were sent.
    /// </summary>
    public async Task<int> DispatchDueAsync(CancellationToken stop = default, CancellationToken abandon = default)
    {
        var sent = 0;
        while (!stop.IsCancellationRequested && await ClaimAsync(null, stop) is { } claimed)
        {
            sent += await DeliverAsync(claimed, abandon) ? 1 : 0;
        }

        return sent;
    }

    /// <summary>Sends these messages now, those of them still waiting: the inline mode, right after their commit.</summary>
    public async Task SendNowAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        try
        {
            while (await ClaimAsync([.. ids], cancellationToken) is { } claimed)
            {
                await DeliverAsync(claimed, cancellationToken);
            }
        }
        catch (Exception failure) when (failure is NpgsqlException or TimeoutException)
        {
            // The messages are committed: a dispatcher sends them later.
            logger.LogWarning(failure, "Messages {Ids} could not be sent right after their commit", ids);
        }
    }

    /// <summary>Deletes the messages sent or given up more than <see cref="EmailOptions.KeepSentDays"/> ago.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM outbox_messages WHERE state <> 'Pending' AND created_at < @cutoff");
        command.Parameters.AddWithValue("cutoff", clock.GetUtcNow() - TimeSpan.FromDays(options.Value.KeepSentDays));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<Claimed?> ClaimAsync(Guid[]? ids, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var command = dataSource.CreateCommand(ids is null ? ClaimDue : ClaimChosen);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("lease", now + Lease);
        if (ids is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Claimed(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4))
            : null;
    }

    private async Task<bool> DeliverAsync(Claimed claimed, CancellationToken abandon)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(abandon);
            timeout.CancelAfter(SendTimeout);
            using var mime = new MemoryStream(Encoding.ASCII.GetBytes(claimed.Mime), writable: false);
            var message = await MimeMessage.LoadAsync(mime, timeout.Token);
            await transport.SendAsync(message, timeout.Token);
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            // Whether the server took it is unknown: the lease runs out and the message is sent again (ADR 14).
            logger.LogWarning("Sending {Subject} to {To} was cut by the shutdown; it is tried again after {Lease}", claimed.Subject, claimed.Recipient, Lease);
            return false;
        }
        catch (Exception failure)
        {
            await RecordFailureAsync(claimed, failure);
            return false;
        }

        await RecordAsync("UPDATE outbox_messages SET state = 'Sent', sent_at = @at, last_error = NULL WHERE id = @id", claimed.Id, clock.GetUtcNow(), null);
        logger.LogInformation("Sent {Subject} to {To} (message {Id}, try {Attempt})", claimed.Subject, claimed.Recipient, claimed.Id, claimed.Attempts);
        return true;
    }

    private async Task RecordFailureAsync(Claimed claimed, Exception failure)
    {
        var error = $"{failure.GetType().Name}: {failure.Message}";
        error = error.Length > OutboxMessage.ErrorMaxLength ? error[..OutboxMessage.ErrorMaxLength] : error;
        if (claimed.Attempts >= options.Value.MaxAttempts)
        {
            await RecordAsync("UPDATE outbox_messages SET state = 'Failed', next_attempt_at = @at, last_error = @error WHERE id = @id", claimed.Id, clock.GetUtcNow(), error);
            logger.LogError(failure, "Gave up sending {Subject} to {To} (message {Id}) after {Attempts} tries", claimed.Subject, claimed.Recipient, claimed.Id, claimed.Attempts);
            return;
        }

        var delay = RetryDelay(claimed.Attempts);
        await RecordAsync("UPDATE outbox_messages SET next_attempt_at = @at, last_error = @error WHERE id = @id", claimed.Id, clock.GetUtcNow() + delay, error);
        logger.LogWarning(failure, "Sending {Subject} to {To} (message {Id}) failed; try {Attempt} of {MaxAttempts} in {Delay}", claimed.Subject, claimed.Recipient, claimed.Id, claimed.Attempts + 1, options.Value.MaxAttempts, delay);
    }

    /// <summary>Records an outcome, trying a few times: a sent message left unmarked would be sent again.</summary>
    private async Task RecordAsync(string sql, Guid id, DateTimeOffset at, string? error)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = dataSource.CreateCommand(sql);
                command.Parameters.AddWithValue("id", id);
                command.Parameters.AddWithValue("at", at);
                if (error is not null)
                {
                    command.Parameters.AddWithValue("error", error);
                }

                await command.ExecuteNonQueryAsync(CancellationToken.None);
                return;
            }
            catch (Exception failure) when (attempt < 3 && failure is NpgsqlException or TimeoutException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), CancellationToken.None);
            }
        }
    }

    private sealed record Claimed(Guid Id, string Recipient, string Subject, string Mime, int Attempts);
}
