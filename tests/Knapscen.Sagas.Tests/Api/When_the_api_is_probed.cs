using System.Net;

namespace Knapscen.Sagas.Tests.Api;

public sealed class When_the_api_is_probed(ApiApp app) : IClassFixture<ApiApp>
{
    [Fact]
    public async Task Health_endpoints_answer_without_a_token()
    {
        using var client = app.Client();
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        var ready = await ApiJson.GetAsync(client, "/health/ready");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks");
        foreach (var check in new[] { "mysql", "nats", "step-launcher" })
        {
            Assert.Equal("Healthy", checks.GetProperty(check).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task The_openapi_document_describes_every_route()
    {
        using var client = app.Client();
        var document = await ApiJson.GetAsync(client, "/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/sagas", "/api/sagas/{id}", "/api/sagas/{id}/retry", "/api/sagas/{id}/compensate", "/api/sagas/{id}/cancel", "/api/events" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        }
    }
}
