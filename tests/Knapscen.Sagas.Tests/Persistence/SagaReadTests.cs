using Knapscen.Sagas.StateMachines.Onboarding;
using MassTransit;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;

namespace Knapscen.Sagas.Tests.Persistence;

[Trait("Tier", "integration")]
public sealed class SagaReadTests : IAsyncLifetime
{
    private SagaHost _host = null!;

    public async Task InitializeAsync() => _host = await SagaHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Load_and_find_read_committed_sagas()
    {
        var sagaId = Guid.NewGuid();
        var name = "Acme " + Guid.NewGuid().ToString("N");
        await _host.SendAsync(new StartTestSaga(sagaId, name));
        await _host.SendAsync(new BumpTestSaga(sagaId, "one"));

        var loaded = await _host.Services.GetRequiredService<ILoadSagaRepository<CustomerOnboardingState>>().Load(sagaId).WaitAsync(SagaHost.Timeout);
        Assert.NotNull(loaded);
        Assert.Equal(name, loaded.CustomerName);
        Assert.Equal("one", Assert.Single(loaded.Steps).Step);
        Assert.Equal(StepStatus.Running, loaded.Steps[0].Status);

        var missing = await _host.Services.GetRequiredService<ILoadSagaRepository<CustomerOnboardingState>>().Load(Guid.NewGuid()).WaitAsync(SagaHost.Timeout);
        Assert.Null(missing);

        var query = _host.Services.GetRequiredService<IQuerySagaRepository<CustomerOnboardingState>>();
        var found = await query.Find(new SagaQuery<CustomerOnboardingState>(saga => saga.CustomerName == name)).WaitAsync(SagaHost.Timeout);
        Assert.Equal([sagaId], found);
    }
}
