namespace HiParis.Mooc.Api.Features.Auth;

public static class AuthSetup
{
    public static IServiceCollection AddAuth(this IServiceCollection services) => services.AddScoped<Accounts>();
}
