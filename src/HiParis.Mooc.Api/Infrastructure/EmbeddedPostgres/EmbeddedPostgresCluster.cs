using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace HiParis.Mooc.Api.Infrastructure.EmbeddedPostgres;

/// <summary>
/// A private PostgreSQL cluster made with the installed <c>initdb</c>/<c>pg_ctl</c>: the default
/// database of a developer's machine and of the test run. It listens on a free loopback port only,
/// with a generated password, and is started in a session of its own so that a Ctrl-C in the
/// terminal reaches the API (which then stops the cluster cleanly), not the database.
/// </summary>
/// <remarks>
/// Layout of <see cref="DataRoot"/>: <c>pgdata/</c> (the cluster, owned by the server's user),
/// <c>password</c> (the superuser's password), <c>owner.pid</c> (the process that started it).
/// </remarks>
public sealed class EmbeddedPostgresCluster : IAsyncDisposable
{
    private const string SystemUser = "postgres";
    private readonly PostgresBinaries _binaries;
    private readonly bool _throwaway;
    private readonly Action<string> _log;
    private readonly bool _asRoot = Environment.UserName == "root";
    private bool _owned;
    private int _port;
    private string _password = "";

    public EmbeddedPostgresCluster(PostgresBinaries binaries, string dataRoot, bool throwaway, Action<string>? log = null)
    {
        _binaries = binaries;
        _throwaway = throwaway;
        _log = log ?? (_ => { });
        DataRoot = Path.GetFullPath(dataRoot);
    }

    public string DataRoot { get; private set; }

    public string PgData => Path.Combine(DataRoot, "pgdata");

    public bool IsRunning { get; private set; }

    /// <summary>Creates the cluster on first use, else reuses it; starts it unless it already runs.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(DataRoot);
        if (_asRoot && !await ServerUserCanUseAsync(DataRoot, cancellationToken))
        {
            // The server runs as 'postgres', which cannot reach a folder below e.g. /root: keep the
            // cluster in a folder of its own, named after the requested one so that reuse still works.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(DataRoot)))[..12];
            var fallback = Path.Combine("/var/lib/hiparis-mooc", hash);
            _log($"The PostgreSQL user cannot reach {DataRoot}; keeping the embedded cluster in {fallback}.");
            DataRoot = fallback;
            Directory.CreateDirectory(DataRoot);
        }

        if (!File.Exists(Path.Combine(PgData, "PG_VERSION")))
        {
            await InitDbAsync(cancellationToken);
        }

        _password = (await File.ReadAllTextAsync(PasswordFile, cancellationToken)).Trim();

        var status = await RunAsync(_binaries.PgCtl, ["status", "-D", PgData], cancellationToken);
        if (status.ExitCode == 0 && ReadRunningPort() is { } runningPort)
        {
            _port = runningPort;
            _owned = false;
            IsRunning = true;
            _log($"Using the embedded PostgreSQL already running on 127.0.0.1:{_port} ({PgData}).");
            return;
        }

        // A restart keeps its port, so that connection strings handed out earlier still work.
        if (_port == 0)
        {
            _port = FreeLoopbackPort();
        }

        string[] settings =
        [
            "listen_addresses=127.0.0.1", $"port={_port}", "unix_socket_directories=''", "max_connections=300",
            .. _throwaway ? ["fsync=off", "synchronous_commit=off", "full_page_writes=off"] : Array.Empty<string>(),
        ];
        var options = string.Join(' ', settings.Select(setting => $"-c {setting}"));
        var start = await RunAsync(
            _binaries.PgCtl,
            ["start", "-w", "-t", "60", "-D", PgData, "-l", Path.Combine(PgData, "server.log"), "-o", options],
            cancellationToken,
            newSession: true);
        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"The embedded PostgreSQL did not start (pg_ctl exit {start.ExitCode}): {start.Output}\n" +
                $"See {Path.Combine(PgData, "server.log")}.");
        }

        _owned = true;
        IsRunning = true;
        await File.WriteAllTextAsync(Path.Combine(DataRoot, "owner.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        _log($"Started the embedded PostgreSQL on 127.0.0.1:{_port} ({PgData}).");
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Username = SystemUser,
        Password = _password,
        Database = database,
    }.ConnectionString;

    public async Task CreateDatabaseIfMissingAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = database } },
        };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Stops the cluster if this process started it (fast shutdown: sessions end, data is flushed).</summary>
    public async Task StopAsync()
    {
        if (!_owned || !IsRunning)
        {
            return;
        }

        var stop = await RunAsync(_binaries.PgCtl, ["stop", "-w", "-t", "60", "-D", PgData, "-m", "fast"], CancellationToken.None);
        IsRunning = false;
        _log(stop.ExitCode == 0
            ? "Stopped the embedded PostgreSQL."
            : $"Stopping the embedded PostgreSQL failed (pg_ctl exit {stop.ExitCode}): {stop.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await StopAsync();
        if (_throwaway && _owned)
        {
            TryDelete(DataRoot);
        }
    }

    /// <summary>
    /// Stops and removes throwaway clusters under <paramref name="parent"/> whose owning process is gone
    /// (a test run that was killed), so that they do not pile up.
    /// </summary>
    public static async Task RemoveOrphansAsync(PostgresBinaries binaries, string parent, string prefix)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var dir in Directory.GetDirectories(parent, prefix + "*"))
        {
            var ownerFile = Path.Combine(dir, "owner.pid");
            if (File.Exists(ownerFile) && int.TryParse(File.ReadAllText(ownerFile), out var pid) && ProcessIsAlive(pid))
            {
                continue;
            }

            var orphan = new EmbeddedPostgresCluster(binaries, dir, throwaway: true) { _owned = true, IsRunning = true };
            await orphan.RunAsync(binaries.PgCtl, ["stop", "-w", "-D", orphan.PgData, "-m", "immediate"], CancellationToken.None);
            TryDelete(dir);
        }
    }

    private string PasswordFile => Path.Combine(DataRoot, "password");

    private async Task InitDbAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(PgData);
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var pwFile = Path.Combine(Path.GetTempPath(), $"mooc-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(pwFile, password + "\n", cancellationToken);
        File.SetUnixFileMode(pwFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(PgData, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            if (_asRoot)
            {
                await RunCheckedAsync("chown", ["-R", $"{SystemUser}:{SystemUser}", PgData, pwFile], cancellationToken);
            }

            _log($"Creating the embedded PostgreSQL cluster in {PgData} (first run).");
            string[] args =
            [
                "-D", PgData, "-U", SystemUser, "--pwfile", pwFile, "--auth-host=scram-sha-256", "--auth-local=peer",
                "--encoding=UTF8", "--no-locale", .. _throwaway ? ["--no-sync"] : Array.Empty<string>(),
            ];
            var init = await RunAsync(_binaries.InitDb, args, cancellationToken);
            if (init.ExitCode != 0)
            {
                TryDelete(PgData);
                throw new InvalidOperationException($"initdb failed (exit {init.ExitCode}): {init.Output}");
            }

            await File.WriteAllTextAsync(PasswordFile, password, cancellationToken);
            File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        finally
        {
            File.Delete(pwFile);
        }
    }

    private int? ReadRunningPort()
    {
        // postmaster.pid: line 4 is the port (see PostgreSQL's pidfile.h).
        var pidFile = Path.Combine(PgData, "postmaster.pid");
        var lines = File.Exists(pidFile) ? File.ReadAllLines(pidFile) : [];
        return lines.Length >= 4 && int.TryParse(lines[3], out var port) ? port : null;
    }

    private async Task<bool> ServerUserCanUseAsync(string dir, CancellationToken cancellationToken)
    {
        var probe = await RunAsync("test", ["-x", dir], cancellationToken);
        return probe.ExitCode == 0;
    }

    private async Task RunCheckedAsync(string program, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var result = await RunAsync(program, args, cancellationToken, asServerUser: false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed (exit {result.ExitCode}): {result.Output}");
        }
    }

    /// <summary>Runs a program, as the <c>postgres</c> user when we are root (initdb refuses root).</summary>
    private async Task<(int ExitCode, string Output)> RunAsync(
        string program,
        IReadOnlyList<string> args,
        CancellationToken cancellationToken,
        bool newSession = false,
        bool asServerUser = true)
    {
        List<string> command = [program, .. args];
        if (_asRoot && asServerUser)
        {
            command = ["runuser", "-u", SystemUser, "--", .. command];
        }

        if (newSession)
        {
            command = ["setsid", .. command];
        }

        var startInfo = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var arg in command.Skip(1))
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {command[0]}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, ((await stdout) + (await stderr)).Trim());
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool ProcessIsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover folder in the temp directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
