namespace HiParis.Mooc.Api.Features.Certificates;

public static class CertificatesSetup
{
    public static IServiceCollection AddCertificates(this IServiceCollection services, string dataFolder)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<PublicUrls>();
        services.AddScoped<CertificateIssuer>();
        services.AddScoped<Learning.IProgressMilestones>(provider => provider.GetRequiredService<CertificateIssuer>());
        services.AddScoped<CertificateRecords>();
        services.AddScoped<StatusLists>();
        services.AddSingleton<VerificationCache>();
        services.AddHostedService<CertificateChangeListener>();
        services.AddSingleton(provider => new CertificateSigner(provider.GetRequiredService<IConfiguration>(), dataFolder, provider.GetRequiredService<ILogger<CertificateSigner>>()));
        return services;
    }

    public static IEndpointRouteBuilder MapCertificateEndpoints(this IEndpointRouteBuilder app) => app
        .MapVerificationEndpoints()
        .MapIssuerEndpoints()
        .MapMyCertificateEndpoints()
        .MapCertificateAdminEndpoints();
}
