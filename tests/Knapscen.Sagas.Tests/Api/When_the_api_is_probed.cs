using System.Net;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Api;

[Trait("Tier", "integration")]
public sealed class When_the_api_is_probed(ApiApp app) : IClassFixture<ApiApp>
{
    [Fact]
    public async Task Health_endpoints_answer_anonymous_callers_with_up_or_down_only()
    {
        using var client = app.Client();
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        await Eventually.TrueAsync(
            async () => (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30),
            "the fixture's orchestrator ready");

        var ready = await ApiJson.GetAsync(client, "/health/ready");
        using var wrongToken = app.Client("not-a-configured-token-0123456789abcdef");
        var readyWithWrongToken = await ApiJson.GetAsync(wrongToken, "/health/ready");

        Assert.Equal("""{"status":"Healthy"}""", ready.GetRawText());
        Assert.Equal("""{"status":"Healthy"}""", readyWithWrongToken.GetRawText());
    }

    [Fact]
    public async Task Health_details_need_a_token_of_any_role()
    {
        using var client = app.Client(ApiApp.ReadOnlyToken);
        // The fixture's NATS connection may still be opening when this test runs first.
        await Eventually.TrueAsync(
            async () => (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30),
            "the fixture's orchestrator ready");
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

    [Fact]
    public async Task The_openapi_document_says_which_operations_need_a_bearer_token_of_which_role()
    {
        using var client = app.Client();
        var document = await ApiJson.GetAsync(client, "/openapi/v1.json");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var paths = document.GetProperty("paths");
        var list = paths.GetProperty("/api/sagas").GetProperty("get");
        var retry = paths.GetProperty("/api/sagas/{id}/retry").GetProperty("post");
        Assert.True(list.GetProperty("security")[0].TryGetProperty("bearer", out _));
        Assert.True(retry.GetProperty("security")[0].TryGetProperty("bearer", out _));
        Assert.EndsWith("Role: read-only or admin.", list.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Role: admin.", retry.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(retry.GetProperty("responses").TryGetProperty("403", out _));
    }
}
