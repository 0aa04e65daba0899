using HiParis.Mooc.Api.Infrastructure.Email;
using HiParis.Mooc.Api.Infrastructure.Identity;
using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;

namespace HiParis.Mooc.Api.Infrastructure.Outbox;

public static class OutboxSetup
{
    /// <summary>The mail transport, the transactional outbox and its dispatcher (ADR 14).</summary>
    public static WebApplicationBuilder AddMoocOutbox(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<EmailOptions>(builder.Configuration.GetSection(EmailOptions.Section));
        services.PostConfigure<EmailOptions>(options =>
            options.PickupDirectory ??= Path.Combine(PersistenceSetup.DataFolder(builder), "mail"));
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{EmailOptions.Section}:SmtpHost"]))
        {
            services.AddSingleton<IMailTransport, PickupDirectoryMailTransport>();
        }
        else
        {
            services.AddSingleton<IMailTransport, SmtpMailTransport>();
        }

        services.AddSingleton<MailComposer>();
        services.AddScoped<Outbox>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<OutboxCommitInterceptor>();
        services.AddHttpContextAccessor();
        services.AddSingleton<MoocEmailSender>();
        services.AddSingleton<IEmailSender<User>>(sp => sp.GetRequiredService<MoocEmailSender>());
        if (builder.Configuration.GetValue($"{EmailOptions.Section}:SendInBackground", true))
        {
            services.AddHostedService<OutboxWorker>();
        }

        return builder;
    }
}
