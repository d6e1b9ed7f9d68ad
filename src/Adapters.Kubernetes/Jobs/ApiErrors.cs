using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>Reads Kubernetes API failures: which are worth another try, and the <c>reason</c> of a Status answer.</summary>
internal static class ApiErrors
{
    public static HttpStatusCode? StatusOf(Exception exception) =>
        exception is HttpOperationException { Response: { } response } ? response.StatusCode : null;

    /// <summary>The Status <c>reason</c> (AlreadyExists, NotFound, Forbidden, …) of an API error, when it has one.</summary>
    public static string? ReasonOf(Exception exception)
    {
        if (exception is not HttpOperationException { Response.Content: { Length: > 0 } content })
        {
            return null;
        }

        try
        {
            return KubernetesJson.Deserialize<V1Status>(content)?.Reason;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static bool IsAlreadyExists(Exception exception) =>
        StatusOf(exception) == HttpStatusCode.Conflict && ReasonOf(exception) is null or "AlreadyExists";

    public static bool IsNotFound(Exception exception) => StatusOf(exception) == HttpStatusCode.NotFound;

    /// <summary>
    /// 5xx and 429 answers, timeouts and unreachable servers: the same call can succeed a moment later. So can a 403: an
    /// API server that just started answers it for rights that exist until its RBAC caches fill (seen on every restart
    /// here); a real lack of rights still fails after the bounded tries. Everything else (422, 404, 409 …) says the
    /// request itself is wrong, and repeating it would only hide that.
    /// </summary>
    public static bool IsTransient(Exception exception, CancellationToken callerToken) => exception switch
    {
        HttpOperationException => StatusOf(exception) is { } status
            && ((int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.Forbidden),
        HttpRequestException or IOException or SocketException => true,

        // HttpClient reports its own timeout as a cancellation the caller did not ask for.
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };
}
