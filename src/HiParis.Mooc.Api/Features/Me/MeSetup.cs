namespace HiParis.Mooc.Api.Features.Me;

public static class MeSetup
{
    public static IServiceCollection AddMe(this IServiceCollection services) => services
        .AddScoped<Profiles>()
        .AddScoped<AccountErasure>();
}
