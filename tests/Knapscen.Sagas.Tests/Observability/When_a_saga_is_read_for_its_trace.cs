using Knapscen.Sagas.Tests.Api;

namespace Knapscen.Sagas.Tests.Observability;

[Trait("Tier", "integration")]
public sealed class When_a_saga_is_read_for_its_trace(ApiApp app) : IClassFixture<ApiApp>
{
    [Fact]
    public async Task Should_give_the_trace_id_to_paste_into_jaeger()
    {
        var saga = SeededSaga.Create(1)[0];
        await SeededSaga.InsertAsync(app.ConnectionString, [saga]);
        await SagaTrace.StoreTraceParentAsync(app.ConnectionString, saga.Id, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        using var client = app.Client(ApiApp.ReadOnlyToken);

        var details = await ApiJson.GetAsync(client, $"/api/sagas/{saga.Id}");

        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", details.GetProperty("traceId").GetString());
        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", details.GetProperty("traceParent").GetString());
    }
}
