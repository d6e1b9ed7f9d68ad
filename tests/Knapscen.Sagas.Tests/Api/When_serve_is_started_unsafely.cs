using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Api;

/// <summary>The real binary refuses settings that would expose the admin API or arm a test hook in production.</summary>
[Trait("Tier", "e2e")]
public sealed class When_serve_is_started_unsafely
{
    private static readonly Dictionary<string, string> Minimal = new()
    {
        // Never reached: the refusals come before any connection is made.
        ["Database__ConnectionString"] = "Server=127.0.0.1;Port=1;Database=none;User ID=none;Password=none",
        ["Nats__Url"] = "nats://127.0.0.1:1",
        ["Kubernetes__Enabled"] = "false",
    };

    [Fact]
    public async Task A_kestrel_endpoint_on_every_interface_without_a_token_exits_1_naming_it()
    {
        var port = LoopbackPorts.Free();
        var environment = new Dictionary<string, string>(Minimal)
        {
            ["Api__Urls"] = "http://127.0.0.1:" + LoopbackPorts.Free(),
            [$"Kestrel__Endpoints__public__Url"] = $"http://0.0.0.0:{port}",
        };

        var result = await Cli.RunAsync(environment, "serve");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"http://0.0.0.0:{port}", line, StringComparison.Ordinal);
        Assert.Contains("no API token is configured", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_test_hook_outside_a_testing_environment_exits_1_naming_the_setting()
    {
        var environment = new Dictionary<string, string>(Minimal)
        {
            ["Api__Urls"] = "http://127.0.0.1:" + LoopbackPorts.Free(),
            ["Testing__PauseBeforeCommitMarker"] = Path.Combine(Path.GetTempPath(), "never-" + Guid.NewGuid().ToString("N")),
            ["DOTNET_ENVIRONMENT"] = "Production",
        };

        var result = await Cli.RunAsync(environment, "serve");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "Testing:PauseBeforeCommitMarker is a test hook and is refused in the 'Production' environment; it works only with DOTNET_ENVIRONMENT=Testing or Development.",
            result.Error.Trim());
    }
}
