using System.Net;
using System.Net.Http.Json;

namespace Knapscen.Sagas.Tests.Api;

[Trait("Tier", "integration")]
public sealed class When_sending_operator_commands(ApiApp app) : IClassFixture<ApiApp>
{
    [Fact]
    public async Task Retry_on_a_completed_saga_is_409_with_the_sagas_reason()
    {
        using var client = app.Client(ApiApp.AdminToken);
        var sagaId = Guid.NewGuid();
        using var published = await client.SendAsync(ApiEvents.Structured(sagaId, "Finished Corp"));
        Assert.Equal(HttpStatusCode.Accepted, published.StatusCode);
        await ApiJson.WaitForStateAsync(client, sagaId, "Completed");

        using var retry = await client.PostAsJsonAsync(new Uri($"/api/sagas/{sagaId}/retry", UriKind.Relative), new { reason = "customer asked again" });
        var problem = await ProblemAssert.IsProblemAsync(retry, HttpStatusCode.Conflict);
        Assert.Equal("Completed", problem.GetProperty("state").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Compensate_on_a_running_saga_is_accepted_and_recorded_with_the_token_name()
    {
        using var client = app.Client(ApiApp.AdminToken);
        var sagaId = Guid.NewGuid();
        app.Hold(sagaId);
        try
        {
            using var published = await client.SendAsync(ApiEvents.Binary(sagaId, "Held Corp"));
            Assert.Equal(HttpStatusCode.Accepted, published.StatusCode);
            await ApiJson.WaitForStateAsync(client, sagaId, "RegisteringCustomer");

            using var compensate = await client.PostAsJsonAsync(new Uri($"/api/sagas/{sagaId}/compensate", UriKind.Relative), new { reason = "duplicate signup" });
            var accepted = await ApiJson.OkAsync(compensate);
            Assert.Equal(sagaId, accepted.GetProperty("sagaId").GetGuid());
            Assert.Equal("Compensating", accepted.GetProperty("state").GetString());
            Assert.False(string.IsNullOrEmpty(accepted.GetProperty("what").GetString()));

            var details = await ApiJson.GetAsync(client, $"/api/sagas/{sagaId}");
            var notes = details.GetProperty("notes").GetRawText();
            Assert.Contains("ops", notes, StringComparison.Ordinal);
            Assert.Contains("duplicate signup", notes, StringComparison.Ordinal);
        }
        finally
        {
            app.Release(sagaId);
        }

        await ApiJson.WaitForStateAsync(client, sagaId, "Compensated");
    }

    [Theory]
    [InlineData("retry")]
    [InlineData("compensate")]
    [InlineData("cancel")]
    public async Task Bad_requests_are_400_naming_the_field_and_unknown_sagas_404(string command)
    {
        using var client = app.Client(ApiApp.AdminToken);
        var path = new Uri($"/api/sagas/{Guid.NewGuid()}/{command}", UriKind.Relative);

        await ProblemAssert.NamesParameterAsync(await client.PostAsJsonAsync(path, new { }), "reason");
        await ProblemAssert.NamesParameterAsync(await client.PostAsJsonAsync(path, new { reason = "  " }), "reason");
        await ProblemAssert.NamesParameterAsync(await client.PostAsJsonAsync(path, new { reason = new string('x', 501) }), "reason");
        await ProblemAssert.NamesParameterAsync(
            await client.PostAsJsonAsync(new Uri($"/api/sagas/12345/{command}", UriKind.Relative), new { reason = "why" }), "id");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync(path, new { reason = "why" }), HttpStatusCode.NotFound);
    }
}
