using HiParis.Mooc.Api.Cli;
using HiParis.Mooc.Api.Features.Admin;
using HiParis.Mooc.Api.Features.Auth;
using HiParis.Mooc.Api.Features.Certificates;
using HiParis.Mooc.Api.Features.Courses;
using HiParis.Mooc.Api.Features.Courses.Content;
using HiParis.Mooc.Api.Features.Learning;
using HiParis.Mooc.Api.Features.Me;
using HiParis.Mooc.Api.Features.Auth.Pages;
using HiParis.Mooc.Api.Features.Studio;
using HiParis.Mooc.Api.Features.Web;
using HiParis.Mooc.Api.Infrastructure.EmbeddedPostgres;
using HiParis.Mooc.Api.Infrastructure.Errors;
using HiParis.Mooc.Api.Infrastructure.Health;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Localization;
using HiParis.Mooc.Api.Infrastructure.Media;
using HiParis.Mooc.Api.Infrastructure.Observability;
using HiParis.Mooc.Api.Infrastructure.OpenApi;
using HiParis.Mooc.Api.Infrastructure.Outbox;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using HiParis.Mooc.Api.Infrastructure.RateLimiting;
using HiParis.Mooc.Api.Infrastructure.Security;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Scalar.AspNetCore;

var cliCommand = MoocCli.IsCommand(args);
var builder = WebApplication.CreateBuilder(cliCommand ? [] : args);
if (cliCommand && !MoocCli.NeedsDatabase(args))
{
    var coursesDirectory = CoursesSetup.CoursesDirectory(builder.Configuration, MoocCli.CallerDirectory);
    return await MoocCli.RunAsync(args, services: null, coursesDirectory, MediaFiles.From(builder.Configuration, PersistenceSetup.DataFolder(builder), coursesDirectory));
}

EmbeddedPostgresCluster? embedded;
try
{
    embedded = await builder.ResolveDatabaseAsync();
}
catch (EmbeddedPostgresUnavailableException unavailable)
{
    await Console.Error.WriteLineAsync(unavailable.Message);
    return 2;
}

try
{
    builder.Services.AddMoocPersistence(builder.Configuration);
    builder.Services.AddScoped<UnitOfWork>();
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddDataProtection().SetApplicationName("HiParis.Mooc").PersistKeysToDbContext<MoocDbContext>();
    builder.AddMoocIdentity();
    builder.AddMoocOutbox();
    builder.AddMoocObservability();
    builder.Services.AddMoocProblemDetails();
    builder.Services.AddMoocHealthChecks();
    builder.Services.AddAuth();
    builder.Services.AddMe();
    builder.Services.AddCourses();
    builder.Services.AddLearning();
    builder.Services.AddCertificates(PersistenceSetup.DataFolder(builder));
    builder.Services.AddStudio();
    builder.Services.AddMedia(
        MediaFiles.From(builder.Configuration, PersistenceSetup.DataFolder(builder), CoursesSetup.CoursesDirectory(builder.Configuration, builder.Environment.ContentRootPath)),
        renderOnStartup: !cliCommand && builder.Configuration.GetValue("Media:RenderOnStartup", embedded is not null));
    builder.Services.AddMoocRateLimits(builder.Configuration);
    builder.Services.AddMoocSecurity(builder.Configuration, builder.Environment);
    builder.Services.AddValidation();
    builder.Services.ConfigureHttpJsonOptions(options =>
    {
        // Enums as snake_case strings, numbers as numbers (not also strings): what the document declares.
        options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
    });
    builder.Services.AddMoocOpenApi();
    builder.Services.AddMoocWeb(builder.Configuration);
    builder.Services.AddRequestLocalization(options =>
    {
        options.SetDefaultCulture(Text.SupportedLanguages[0]);
        options.AddSupportedCultures(Text.SupportedLanguages);
        options.AddSupportedUICultures(Text.SupportedLanguages);
        options.ApplyCurrentCultureToResponseHeaders = true;
    });

    var app = builder.Build();
    if (cliCommand)
    {
        return await MoocCli.RunAsync(args, app.Services, CoursesSetup.CoursesDirectory(builder.Configuration, MoocCli.CallerDirectory));
    }

    if (builder.Configuration.GetValue("Database:MigrateOnStartup", embedded is not null))
    {
        await app.Services.MigrateDatabaseAsync();
    }

    if (builder.Configuration.GetValue("Courses:ImportOnStartup", embedded is not null))
    {
        await app.ImportCoursesAsync();
    }

    // Localization first: the culture must hold while errors are written too.
    app.UseRequestLocalization();
    app.UseMoocSecurityHeaders();
    app.UseMoocPageHeaders();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseMoocAllowedHosts();
    app.UseAuthentication();
    app.UseMiddleware<ActiveAccountMiddleware>();
    app.UseMoocCsrfProtection();
    app.UseAuthorization();
    app.UseAntiforgery();
    app.UseAccountKey();
    app.UseRateLimiter();

    app.MapOpenApi();
    app.MapScalarApiReference();
    app.MapMoocHealthChecks();
    app.MapMediaEndpoints();

    // Every endpoint is one unit of work, run again as a whole when it lost a race or its connection broke before a COMMIT (ADR 12, ADR 18).
    var api = app.MapGroup("").AddEndpointFilter<UnitOfWorkFilter>();
    api.MapAuthEndpoints();
    api.MapMeEndpoints();
    api.MapPrivacyEndpoints();
    api.MapCatalogEndpoints();
    api.MapLearningEndpoints();
    api.MapCertificateEndpoints();
    api.MapStudioEndpoints();
    api.MapAdminCourseEndpoints();
    api.MapSupportEndpoints();
    api.MapReportEndpoints();
    api.MapAdminEndpoints();

    // The learner web app at / (ADR 26): pages, their assets, and the sign-out and language forms.
    app.MapMoocWeb();
    app.MapAuthPageEndpoints();

    await app.RunAsync();
    return 0;
}
finally
{
    if (embedded is not null)
    {
        await embedded.DisposeAsync();
    }
}

/// <summary>The entry point, visible to the integration tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
