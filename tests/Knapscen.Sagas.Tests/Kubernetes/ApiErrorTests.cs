using System.Net;
using k8s.Autorest;
using Knapscen.Sagas.Adapters.Kubernetes.Jobs;

namespace Knapscen.Sagas.Tests.Kubernetes;

[Trait("Tier", "specs")]
public class ApiErrorTests
{
    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.Forbidden, true)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Conflict, false)]
    [InlineData(HttpStatusCode.UnprocessableEntity, false)]
    public void Server_side_throttling_and_forbidden_answers_are_transient(HttpStatusCode status, bool transient)
    {
        Assert.Equal(transient, ApiErrors.IsTransient(Answer(status, ""), CancellationToken.None));
    }

    [Fact]
    public void Unreachable_servers_and_client_timeouts_are_transient_but_our_own_cancellation_is_not()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.True(ApiErrors.IsTransient(new HttpRequestException("Connection refused"), CancellationToken.None));
        Assert.True(ApiErrors.IsTransient(new TaskCanceledException("HttpClient timeout"), CancellationToken.None));
        Assert.False(ApiErrors.IsTransient(new TaskCanceledException(), cancelled.Token));
    }

    [Fact]
    public void A_conflict_is_already_exists_unless_the_status_says_otherwise()
    {
        Assert.True(ApiErrors.IsAlreadyExists(Answer(HttpStatusCode.Conflict, """{"kind":"Status","reason":"AlreadyExists","code":409}""")));
        Assert.False(ApiErrors.IsAlreadyExists(Answer(HttpStatusCode.Conflict, """{"kind":"Status","reason":"Conflict","code":409}""")));
        Assert.False(ApiErrors.IsAlreadyExists(Answer(HttpStatusCode.Forbidden, "")));
    }

    private static HttpOperationException Answer(HttpStatusCode status, string content)
    {
        using var response = new HttpResponseMessage(status);
        return new HttpOperationException("answer") { Response = new HttpResponseMessageWrapper(response, content) };
    }
}
