using Knapscen.Sagas.Persistence;
using Knapscen.Sagas.Persistence.Deadlines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Tests.Persistence.Deadlines;

[Trait("Tier", "specs")]
public sealed class DeadlineScannerOptionsTests
{
    [Fact]
    public void Defaults_apply_without_a_Deadlines_section()
    {
        using var provider = Build(new Dictionary<string, string?>());

        provider.GetRequiredService<IStartupValidator>().Validate();

        var options = provider.GetRequiredService<IOptions<DeadlineScannerOptions>>().Value;
        Assert.Equal((500, 100, 30, 30), (options.PollIntervalMilliseconds, options.BatchSize, options.LeaseSeconds, options.StuckAfterMinutes));
    }

    [Theory]
    [InlineData("PollIntervalMilliseconds", "0")]
    [InlineData("BatchSize", "0")]
    [InlineData("LeaseSeconds", "-1")]
    [InlineData("StuckAfterMinutes", "0")]
    public void Out_of_range_settings_fail_at_start(string key, string value)
    {
        using var provider = Build(new Dictionary<string, string?> { ["Deadlines:" + key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKnapscenPersistence("Server=127.0.0.1;Database=unused");
        services.AddDeadlineScanner(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
