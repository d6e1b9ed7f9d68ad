using Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;
using Knapscen.Sagas.StateMachines.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Tests.Adapters.LocalProcess;

[Trait("Tier", "specs")]
public class LocalProcessLauncherRegistrationTests
{
    [Fact]
    public async Task Images_with_tags_map_to_commands_and_secrets_come_from_configuration()
    {
        var logs = Path.Combine(Path.GetTempPath(), "knapscen-launcher-tests", Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($$"""
                {
                  "Steps": { "probe": { "Image": "ghcr.io/acme/tool:1.2", "EnvFrom": [ "knapscen-config" ] } },
                  "LocalLauncher": {
                    "Secrets": { "knapscen-config": { "DB_HOST": "db.local" } },
                    "LogDirectory": {{System.Text.Json.JsonSerializer.Serialize(logs)}},
                    "Images": {
                      "ghcr.io/acme/tool:1.2": [ "sh", "-c", "test \"$MODE\" = mapped && test \"$DB_HOST\" = db.local" ],
                      "plain": [ "sh", "-c", "exit 9" ]
                    }
                  }
                }
                """)))
            .Build();
        var publisher = new RecordingStepResultPublisher();
        var services = new ServiceCollection().AddLogging().AddSingleton<IStepResultPublisher>(publisher);
        services.AddStepCatalog(configuration);
        services.AddLocalProcessLauncher(configuration);
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var launcher = provider.GetRequiredService<IStepLauncher>();

        var mapped = LauncherFixture.Request([], new Dictionary<string, string> { ["MODE"] = "mapped" }, image: "ghcr.io/acme/tool:1.2");
        var plain = LauncherFixture.Request([], image: "plain");
        var unknown = LauncherFixture.Request([], image: "ghcr.io/acme/other:1.2");
        await launcher.LaunchAsync(mapped, CancellationToken.None);
        await launcher.LaunchAsync(plain, CancellationToken.None);
        await launcher.LaunchAsync(unknown, CancellationToken.None);

        Assert.Equal("local-process", launcher.Name);
        Assert.True((await publisher.WaitForAsync(mapped.LaunchId)).Succeeded);
        Assert.Equal("exit code 9", (await publisher.WaitForAsync(plain.LaunchId)).Error);
        Assert.StartsWith("no local command for image 'ghcr.io/acme/other:1.2'", (await publisher.WaitForAsync(unknown.LaunchId)).Error, StringComparison.Ordinal);
        Directory.Delete(logs, recursive: true);
    }

    [Fact]
    public void A_malformed_image_entry_fails_at_start()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["LocalLauncher:Images:ghcr.io/acme/tool:latest"] = "sh -c true" })
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IStepResultPublisher>(new RecordingStepResultPublisher());
        services.AddLocalProcessLauncher(configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("must be a list of command arguments", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/app/knapscen", "/app/knapscen.dll", new[] { "/app/knapscen" })]
    [InlineData("/usr/share/dotnet/dotnet", "/src/bin/knapscen.dll", new[] { "/usr/share/dotnet/dotnet", "/src/bin/knapscen.dll" })]
    public void Self_expands_to_the_orchestrator_executable(string processPath, string entryAssembly, string[] expected) =>
        Assert.Equal(expected, SelfCommand.Resolve(processPath, entryAssembly));

    [Fact]
    public void Self_token_is_replaced_inside_a_mapped_command()
    {
        var options = new LocalProcessLauncherOptions { DefaultCommand = [SelfCommand.Token, "step", "run"] };
        var resolver = new LocalCommandResolver(options, () => ["/usr/bin/dotnet", "/app/knapscen.dll"]);

        var argv = resolver.Resolve(LauncherFixture.Request([], image: "anything"), out var error);

        Assert.Null(error);
        Assert.Equal(["/usr/bin/dotnet", "/app/knapscen.dll", "step", "run"], argv);
    }
}
