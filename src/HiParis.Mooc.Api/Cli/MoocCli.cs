using System.CommandLine;
using System.Text;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Media;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HiParis.Mooc.Api.Cli;

/// <summary>
/// The command-line face of the host: <c>dotnet run --project src/HiParis.Mooc.Api -- &lt;command&gt;</c>.
/// It runs with the same configuration and services as the web host (and the same embedded database).
/// </summary>
public static class MoocCli
{
    public const string AdminPasswordVariable = "MOOC_ADMIN_PASSWORD";

    private static readonly string[] Commands = ["db", "users", "courses", "dev"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    /// <summary>
    /// Where the user ran the command: <c>dotnet run --project</c> starts the program in the project's
    /// folder, but the shell's <c>PWD</c> still names the caller's, against which relative paths are meant.
    /// </summary>
    public static string CallerDirectory =>
        Environment.GetEnvironmentVariable("PWD") is { Length: > 0 } pwd && Directory.Exists(pwd) ? pwd : Directory.GetCurrentDirectory();

    /// <summary>A path as the user typed it, made absolute against <see cref="CallerDirectory"/>.</summary>
    public static string FromCaller(string path) => Path.GetFullPath(path, CallerDirectory);

    /// <summary>Commands that need no database: they read and write files only.</summary>
    public static bool NeedsDatabase(string[] args) => !(args.Length > 1 && args[0] == "courses" && args[1] is "validate" or "captions" or "render-videos");

    /// <summary>Runs one command; <paramref name="services"/> is null for the commands that need no database.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="services">The host's services, or null.</param>
    /// <param name="coursesDirectory">The default folder of course packages.</param>
    /// <param name="media">Where media files are (the host's, else from <paramref name="services"/>, else under the current folder's <c>.data/media</c>).</param>
    public static async Task<int> RunAsync(string[] args, IServiceProvider? services, string? coursesDirectory = null, MediaFiles? media = null)
    {
        media ??= services?.GetService<MediaFiles>() ?? new MediaFiles(Path.Combine(Directory.GetCurrentDirectory(), ".data", "media"), coursesDirectory);
        var root = new RootCommand("HiParis.Mooc command line");
        root.Add(CourseCommands.Create(() => services ?? throw new InvalidOperationException("This command needs the database."), coursesDirectory, media));

        var migrate = new Command("migrate", "Apply the database migrations that are not applied yet.");
        migrate.SetAction((_, cancellationToken) => MigrateAsync(services!, cancellationToken));
        root.Add(new Command("db", "Database maintenance.") { migrate });

        var email = new Option<string>("--email") { Description = "The administrator's e-mail address.", Required = true };
        var displayName = new Option<string?>("--display-name") { Description = "The name shown for the account." };
        var createAdmin = new Command("create-admin",
            $"Create an administrator, or make an existing user one. The password is read from {AdminPasswordVariable}, else asked for.")
        {
            email,
            displayName,
        };
        createAdmin.SetAction((parse, cancellationToken) =>
            CreateAdminAsync(services!, parse.GetRequiredValue(email), parse.GetValue(displayName), cancellationToken));
        root.Add(new Command("users", "User administration.") { createAdmin });
        root.Add(DevCommands.Create(() => services!));

        return await root.Parse(args).InvokeAsync();
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MoocDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            services.EnsureDataProtectionKey();
            Console.WriteLine("The database is up to date.");
            return 0;
        }

        for (var i = 0; i < pending.Count; i++)
        {
            Console.WriteLine($"[{i + 1}/{pending.Count}] {pending[i]}");
        }

        await db.Database.MigrateAsync(cancellationToken);
        services.EnsureDataProtectionKey();
        Console.WriteLine($"Applied {pending.Count} migration(s).");
        return 0;
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider services, string email, string? displayName, CancellationToken cancellationToken)
    {
        await services.MigrateDatabaseAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            var password = Environment.GetEnvironmentVariable(AdminPasswordVariable) ?? ReadPassword();
            user = new User { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName ?? "" };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                return Fail(created);
            }

            Console.WriteLine($"Created user {email}.");
        }

        if (await users.IsInRoleAsync(user, Roles.Admin))
        {
            Console.WriteLine($"{email} is already an administrator.");
            return 0;
        }

        var granted = await users.AddToRoleAsync(user, Roles.Admin);
        if (!granted.Succeeded)
        {
            return Fail(granted);
        }

        Console.WriteLine($"{email} is now an administrator.");
        return 0;
    }

    private static int Fail(IdentityResult result)
    {
        foreach (var error in result.Errors)
        {
            Console.Error.WriteLine($"error: {error.Description}");
        }

        return 1;
    }

    /// <summary>Asks for the password without echoing it; reads a plain line when input is piped.</summary>
    private static string ReadPassword()
    {
        Console.Error.Write("Password: ");
        if (Console.IsInputRedirected)
        {
            return Console.ReadLine() ?? "";
        }

        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
