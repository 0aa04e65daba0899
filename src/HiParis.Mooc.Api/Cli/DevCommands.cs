using System.CommandLine;
using HiParis.Mooc.Api.Infrastructure.Persistence;

namespace HiParis.Mooc.Api.Cli;

/// <summary><c>dev seed</c>: benchmark data (see <c>benchmarks/</c>).</summary>
internal static class DevCommands
{
    public const string PasswordVariable = "MOOC_BENCH_PASSWORD";

    public const string DefaultPassword = "bench-learner-passphrase";

    public static Command Create(Func<IServiceProvider> services)
    {
        var learners = new Option<int>("--learners") { Description = "How many benchmark learners there should be (only the missing ones are added).", DefaultValueFactory = _ => 1000 };
        var course = new Option<string>("--course") { Description = "The published course they are enrolled in.", DefaultValueFactory = _ => "understanding-ai" };
        var seed = new Command("seed", $"Bulk-load benchmark learners (learner<n>@{BenchmarkSeeder.EmailDomain}) with enrolments, progress, attempts and certificates. Their password is {PasswordVariable}, else '{DefaultPassword}'.")
        {
            learners,
            course,
        };
        seed.SetAction(async (parse, cancellationToken) =>
        {
            await services().MigrateDatabaseAsync(cancellationToken);
            await using var scope = services().CreateAsyncScope();
            var seeder = ActivatorUtilities.CreateInstance<BenchmarkSeeder>(scope.ServiceProvider);
            var password = Environment.GetEnvironmentVariable(PasswordVariable) ?? DefaultPassword;
            return await seeder.SeedAsync(parse.GetValue(learners), parse.GetRequiredValue(course), password, cancellationToken);
        });
        return new Command("dev", "Development and benchmark tools.") { seed };
    }
}
