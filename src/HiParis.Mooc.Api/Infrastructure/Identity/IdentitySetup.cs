using HiParis.Mooc.Api.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HiParis.Mooc.Api.Infrastructure.Identity;

public static class IdentitySetup
{
    public const string AdminPolicy = "Admin";

    public static WebApplicationBuilder AddMoocIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentityApiEndpoints<User>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = PasswordPolicyValidator.MinLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = builder.Configuration.GetValue("Identity:MaxFailedAccessAttempts", 5);
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(builder.Configuration.GetValue("Identity:LockoutMinutes", 15));
                options.SignIn.RequireConfirmedEmail = builder.Configuration.GetValue("Identity:RequireConfirmedEmailToSignIn", false);
            })
            .AddRoles<Role>()
            .AddEntityFrameworkStores<MoocDbContext>()
            .AddUserManager<MoocUserManager>()
            .AddSignInManager<MoocSignInManager>()
            .AddPasswordValidator<PasswordPolicyValidator>()
            .AddUserValidator<UsableAddressValidator>()
            .AddErrorDescriber<LocalizedIdentityErrors>();

        services.Replace(ServiceDescriptor.Scoped<ILookupNormalizer, EmailLookupNormalizer>());
        services.AddHostedService<UsedRefreshTokenPruner>();
        services.AddScoped<AccountLockout>();

        services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, options =>
            options.BearerTokenExpiration = TimeSpan.FromMinutes(builder.Configuration.GetValue("Identity:AccessTokenMinutes", 15)));
        services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<BearerTokenOptions>, DecryptedBearerTokens.Setup>();

        // A cookie is checked against the account's security stamp on every request, so that logging
        // out (which renews the stamp) ends it at once, even if somebody kept a copy.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = Security.SecuritySetup.CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin));

        return builder;
    }
}
