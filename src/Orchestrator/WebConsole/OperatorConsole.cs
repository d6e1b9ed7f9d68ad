using Knapscen.Sagas.Adapters.Nats.DeadLetters;
using Knapscen.Sagas.Orchestrator.Api.Security;
using Knapscen.Sagas.Orchestrator.WebConsole.Live;
using Knapscen.Sagas.Orchestrator.WebConsole.Security;
using Knapscen.Sagas.Orchestrator.Hosting;
using Knapscen.Sagas.Orchestrator.Operations;
using Knapscen.Sagas.Persistence.Reading;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Knapscen.Sagas.StateMachines.Telemetry;

namespace Knapscen.Sagas.Orchestrator.WebConsole;

/// <summary>
/// The operator console <c>knapscen serve</c> hosts at <c>/</c>: Razor Pages behind a sign-in with an API token, kept
/// in an HttpOnly, Secure, SameSite=Strict cookie protected by keys in the saga database.
/// </summary>
internal static class OperatorConsole
{
    public static WebApplicationBuilder AddOperatorConsole(this WebApplicationBuilder builder)
    {
        var connectionString = DatabaseSettings.From(builder.Configuration).ConnectionString;
        var services = builder.Services;
        services.AddSingleton(ConsoleSettings.From(builder.Configuration));
        services.AddSingleton(provider => new SagaSearch(provider.GetRequiredService<SagaTableReader>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new SagaOverview(
            provider.GetRequiredService<SagaTableReader>(), provider.GetRequiredService<SagaSearch>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new BulkSagaCommands(provider.GetRequiredService<SagaCommandSender>(), provider.GetRequiredService<SagaSearch>()));
        services.AddSingleton(provider => new ChangeStamps(provider.GetRequiredService<SagaTableReader>(), provider.GetRequiredService<DeadLetterStore>()));
        services.AddSingleton(provider => new SagaRegistrationReader(provider.GetRequiredService<SagaTableReader>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IObservedGauge, StuckSagasGauge>());

        // Keys where every replica reads them, not the container's throw-away folder: a cookie outlives restarts.
        services.AddDataProtection().SetApplicationName("knapscen");
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = new MySqlXmlRepository(connectionString));

        services.AddAuthentication().AddCookie(ConsoleSignIn.Scheme, options =>
        {
            options.Cookie.Name = ConsoleSignIn.CookieName;
            options.Cookie.HttpOnly = true;
            // Browsers keep Secure cookies over HTTPS, and over plain HTTP only from localhost: a token never rides plain HTTP elsewhere.
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.LoginPath = "/sign-in";
            options.LogoutPath = "/sign-out";
            options.AccessDeniedPath = "/sign-in";
            options.Events.OnValidatePrincipal = ConsoleSignIn.ValidateAsync;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(ConsoleSignIn.ReadPolicy, policy => policy.AddAuthenticationSchemes(ConsoleSignIn.Scheme)
                .RequireAuthenticatedUser().RequireRole(ApiRoles.Admin, ApiRoles.ReadOnly))
            .AddPolicy(ConsoleSignIn.AdminPolicy, policy => policy.AddAuthenticationSchemes(ConsoleSignIn.Scheme)
                .RequireAuthenticatedUser().RequireRole(ApiRoles.Admin));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "knapscen-antiforgery";
            // Only half of a token pair, worthless without the signed-in cookie (which is Secure always); Always here
            // would make antiforgery throw on plain HTTP, which a browser on http://localhost (port-forward) uses.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/WebConsole/Pages";
            options.Conventions.AuthorizeFolder("/", ConsoleSignIn.ReadPolicy);
            options.Conventions.AllowAnonymousToPage("/SignIn");
        });
        return builder;
    }

    public static WebApplication MapOperatorConsole(this WebApplication app)
    {
        app.MapConsoleAssets();
        app.MapLiveEndpoints();
        app.MapRazorPages();
        return app;
    }
}
