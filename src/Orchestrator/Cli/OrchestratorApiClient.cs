using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Knapscen.Sagas.Orchestrator.Api;
using Knapscen.Sagas.Orchestrator.Operations;
using Microsoft.Extensions.Configuration;

namespace Knapscen.Sagas.Orchestrator.Cli;

/// <summary>
/// The CLI's way to the running orchestrator: operator commands go to <c>serve</c>'s HTTP API, so they are handled
/// (and counted, and their steps launched) where the sagas run; the CLI needs no database settings for them.
/// </summary>
internal sealed class OrchestratorApiClient : IDisposable
{
    public const string UrlKey = "Api:Url";
    public const string TokenKey = "Api:Token";
    public const string TokenVariable = "KNAPSCEN_API_TOKEN";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient http;
    private readonly Uri baseUrl;

    private OrchestratorApiClient(Uri baseUrl, string? token)
    {
        this.baseUrl = baseUrl;
        http = new HttpClient { BaseAddress = baseUrl, Timeout = RequestTimeout };
        if (!string.IsNullOrWhiteSpace(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        }
    }

    /// <param name="url">The <c>--api-url</c> flag; otherwise <c>Api:Url</c> (<c>Api__Url</c>), otherwise serve's default address.</param>
    /// <exception cref="OperatorException">The URL is not an absolute http(s) URL.</exception>
    public static OrchestratorApiClient Create(string? url)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var text = url ?? configuration[UrlKey] ?? ListenUrls.Default;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            throw new OperatorException($"the orchestrator's API URL '{text}' is not an absolute http(s) URL; set --api-url or Api__Url, e.g. {ListenUrls.Default}");
        }

        var token = Environment.GetEnvironmentVariable(TokenVariable) ?? configuration[TokenKey];
        return new OrchestratorApiClient(parsed, token);
    }

    /// <exception cref="OperatorException">serve is unreachable, or refused the token, or answered with an error.</exception>
    public async Task<SagaCommandOutcome> SendCommandAsync(string command, Guid sagaId, string reason, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => http.PostAsJsonAsync($"api/sagas/{sagaId}/{command}", new { reason }, cancellationToken), cancellationToken).ConfigureAwait(false);
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK:
                var accepted = await response.Content.ReadFromJsonAsync<Accepted>(cancellationToken).ConfigureAwait(false)
                    ?? throw new OperatorException($"the orchestrator's API at {baseUrl} answered {command} with an empty body");
                return new SagaCommandOutcome(SagaCommandStatus.Accepted, accepted.State, accepted.What);
            case HttpStatusCode.Conflict:
                var refused = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
                return new SagaCommandOutcome(SagaCommandStatus.Refused, refused.State, refused.Detail ?? "refused");
            case HttpStatusCode.NotFound:
                return new SagaCommandOutcome(SagaCommandStatus.NotFound, null, $"there is no saga with id {sagaId}");
            default:
                throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A JSON request to serve's API whose success body is <typeparamref name="T"/> (bulk commands, dead letters).</summary>
    /// <exception cref="OperatorException">serve is unreachable, refused the token, or answered with an error (its problem detail).</exception>
    public async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await SendAsync(() => http.SendAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return await response.Content.ReadFromJsonAsync<T>(cancellationToken).ConfigureAwait(false)
            ?? throw new OperatorException($"the orchestrator's API at {baseUrl} answered {path} with an empty body");
    }

    public void Dispose() => http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new OperatorException($"cannot reach the orchestrator's API at {baseUrl} ({e.Message}); is 'knapscen serve' running there? Set --api-url or Api__Url", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OperatorException($"the orchestrator's API at {baseUrl} did not answer within {RequestTimeout.TotalSeconds:F0} s", e);
        }
    }

    private async Task<OperatorException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var code = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new OperatorException($"the orchestrator's API at {baseUrl} answered {code}: set {TokenVariable} to a token from serve's Api:Tokens"),
            HttpStatusCode.Forbidden => new OperatorException($"the orchestrator's API at {baseUrl} answered {code}: the token in {TokenVariable} is read-only; operator commands need an admin token"),
            _ => new OperatorException($"the orchestrator's API at {baseUrl} answered {code}: {(await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false)).Detail}"),
        };
    }

    private static async Task<Problem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<Problem>(cancellationToken).ConfigureAwait(false) ?? new Problem(null, null);
        }
        catch (JsonException)
        {
            return new Problem(null, null);
        }
    }

    private sealed record Accepted(string? State, string What);

    private sealed record Problem(string? Detail, string? State);
}
