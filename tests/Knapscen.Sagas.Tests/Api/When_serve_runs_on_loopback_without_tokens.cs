using System.Net;
using System.Net.Http.Json;

namespace Knapscen.Sagas.Tests.Api;

/// <summary>serve on 127.0.0.1 with no token configured: every anonymous caller is the local admin.</summary>
[Trait("Tier", "integration")]
public sealed class When_serve_runs_on_loopback_without_tokens(When_serve_runs_on_loopback_without_tokens.LoopbackApi app)
    : IClassFixture<When_serve_runs_on_loopback_without_tokens.LoopbackApi>
{
    [Fact]
    public async Task Should_let_an_anonymous_caller_read_publish_and_send_commands()
    {
        using var client = app.Client();
        var sagaId = Guid.NewGuid();

        using var list = await client.GetAsync(new Uri("/api/sagas", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var publish = await client.SendAsync(ApiEvents.Structured(sagaId, "Local Corp"));
        Assert.Equal(sagaId, (await ApiJson.OkAsync(publish, HttpStatusCode.Accepted)).GetProperty("sagaId").GetGuid());

        // Past authentication and the admin policy: an unknown saga is 404, never 401 or 403.
        foreach (var command in When_calling_the_api_with_and_without_tokens.Commands)
        {
            using var response = await client.PostAsJsonAsync(new Uri($"/api/sagas/{Guid.NewGuid()}/{command}", UriKind.Relative), new { reason = "local" });
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        }
    }

    public sealed class LoopbackApi : ApiApp
    {
        protected override bool WithTokens => false;
    }
}
