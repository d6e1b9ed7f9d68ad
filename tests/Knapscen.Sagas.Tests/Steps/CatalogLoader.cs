using Knapscen.Sagas.StateMachines.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Tests.Steps;

/// <summary>Builds the catalog services exactly as the orchestrator does, from a configuration.</summary>
internal static class CatalogLoader
{
    public static string DefaultCatalogPath { get; } =
        Path.Combine(Infrastructure.Stack.RepositoryRoot, "src", "Orchestrator", "steps.json");

    public static ServiceProvider FromDefaultFile() =>
        From(new ConfigurationBuilder().AddJsonFile(DefaultCatalogPath, optional: false).Build());

    public static ServiceProvider FromJson(string json) =>
        From(new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build());

    public static ServiceProvider From(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new LaunchTokens(() => new byte[32]));
        services.AddStepCatalog(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>What ValidateOnStart runs when the host starts.</summary>
    public static void ValidateAsAtStart(IServiceProvider provider) =>
        provider.GetRequiredService<IStartupValidator>().Validate();
}
