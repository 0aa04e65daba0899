using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace HiParis.Mooc.IntegrationTests.TestEngine;

/// <summary>
/// The SQL commands one database receives while the watch is open, as Npgsql traces them (its activities'
/// <c>db.namespace</c> and <c>db.query.text</c>): each command's text, a batch's statements together. Commands
/// sent to other databases (other tests running alongside) are not seen. Dispose it to stop watching.
/// </summary>
public sealed class SqlWatch : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<string> _commands = new();

    public SqlWatch(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Npgsql", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("db.namespace"), database))
                {
                    _commands.Enqueue(activity.GetTagItem("db.query.text") as string ?? "");
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The text of each command seen so far.</summary>
    public IReadOnlyList<string> Commands => [.. _commands];

    /// <summary>The statements seen so far, each alone (a command split at its semicolons), that begin with <paramref name="start"/>.</summary>
    public IReadOnlyList<string> Statements(string start) =>
        [.. Commands.SelectMany(command => command.Split(';')).Select(statement => statement.Trim()).Where(statement => statement.StartsWith(start, StringComparison.Ordinal))];

    public void Dispose() => _listener.Dispose();
}
