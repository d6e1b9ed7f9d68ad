using System.Net;
using System.Net.Http.Json;

namespace Knapscen.Sagas.Tests.Api;

[Trait("Tier", "integration")]
public sealed class When_calling_the_api_with_and_without_tokens(ApiApp app) : IClassFixture<ApiApp>
{
    /// <summary>Every operator command the API takes.</summary>
    internal static readonly string[] Commands = ["retry", "compensate", "cancel"];

    private static readonly (string Method, string Path)[] Routes =
    [
        ("GET", "/api/sagas"),
        ("GET", $"/api/sagas/{Guid.NewGuid()}"),
        .. Commands.Select(command => ("POST", $"/api/sagas/{Guid.NewGuid()}/{command}")),
        ("POST", "/api/events"),
    ];

    [Fact]
    public async Task Without_a_token_every_api_route_is_401_with_a_bearer_challenge()
    {
        using var client = app.Client();
        foreach (var (method, path) in Routes)
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        }
    }

    [Fact]
    public async Task An_unknown_token_is_401()
    {
        using var client = app.Client("not-a-configured-token");
        using var response = await client.GetAsync(new Uri("/api/sagas", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_token_reads_but_may_not_post()
    {
        using var client = app.Client(ApiApp.ReadOnlyToken);
        using var list = await client.GetAsync(new Uri("/api/sagas", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);

        foreach (var command in Commands)
        {
            using var refused = await client.PostAsJsonAsync(new Uri($"/api/sagas/{Guid.NewGuid()}/{command}", UriKind.Relative), new { reason = "try" });
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden);
        }

        using var publish = await client.SendAsync(ApiEvents.Structured(Guid.NewGuid(), "Read Only Corp"));
        await ProblemAssert.IsProblemAsync(publish, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_admin_token_may_post()
    {
        using var client = app.Client(ApiApp.AdminToken);
        var sagaId = Guid.NewGuid();
        using var publish = await client.SendAsync(ApiEvents.Structured(sagaId, "Admin Corp"));
        Assert.Equal(HttpStatusCode.Accepted, publish.StatusCode);

        // Past authorization, the command reaches the saga: an unknown one is a 404, not a 403.
        foreach (var command in Commands)
        {
            using var accepted = await client.PostAsJsonAsync(new Uri($"/api/sagas/{Guid.NewGuid()}/{command}", UriKind.Relative), new { reason = "try" });
            await ProblemAssert.IsProblemAsync(accepted, HttpStatusCode.NotFound);
        }
    }
}
