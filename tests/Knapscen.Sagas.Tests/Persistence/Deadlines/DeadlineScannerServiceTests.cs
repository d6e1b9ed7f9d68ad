using Knapscen.Sagas.Persistence.Deadlines;
using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Knapscen.Sagas.Tests.Persistence.Deadlines;

[Trait("Tier", "integration")]
public sealed class DeadlineScannerServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DeadlineHost.Epoch);
    private DeadlineHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await DeadlineHost.StartAsync(
            _time,
            new Dictionary<string, string?> { ["Deadlines:PollIntervalMilliseconds"] = "1000" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_hosted_service_fires_a_deadline_once_the_clock_passes_it_and_stops_on_request()
    {
        var sagaId = Guid.NewGuid();
        await _host.SendAsync(new StartDeadlineSaga(sagaId, DeadlineHost.Epoch.AddSeconds(5)));
        var service = _host.HostedServices.OfType<DeadlineScannerService>().Single();
        await service.StartAsync(CancellationToken.None).WaitAsync(DeadlineHost.Timeout);

        // The service waits on the fake clock between scans: each probe moves it one poll interval on, so the
        // service's wait ends whenever it started, and the deadline passes after five of them.
        await Eventually.TrueAsync(
            async () =>
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                return (await _host.ReadSagaAsync(sagaId)).IgnoredEvents == 1;
            },
            DeadlineHost.Timeout,
            "the scanner service handling the deadline");

        await service.StopAsync(CancellationToken.None).WaitAsync(DeadlineHost.Timeout);
        Assert.True(service.ExecuteTask?.IsCompletedSuccessfully);
        Assert.Null((await _host.ReadSagaAsync(sagaId)).NextDeadline);
    }

    [Fact]
    public void Failed_scans_back_off_exponentially_up_to_a_cap()
    {
        var poll = TimeSpan.FromMilliseconds(500);

        Assert.Equal(
            [1, 2, 4, 8, 16, 30, 30],
            Enumerable.Range(1, 7).Select(failures => DeadlineScannerService.Backoff(poll, failures).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(30), DeadlineScannerService.Backoff(poll, 10_000));
        Assert.Equal(TimeSpan.FromMinutes(2), DeadlineScannerService.Backoff(TimeSpan.FromMinutes(2), 3));
    }
}
