namespace HiParis.Mooc.Api.Infrastructure.Media;

public static class MediaSetup
{
    /// <summary>Where media files are (<see cref="MediaFiles"/>), and with <paramref name="renderOnStartup"/> the draft-video renderer.</summary>
    public static IServiceCollection AddMedia(this IServiceCollection services, MediaFiles media, bool renderOnStartup)
    {
        services.AddSingleton(media);
        if (renderOnStartup)
        {
            services.AddHostedService<DraftVideoService>();
        }

        return services;
    }
}
