using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Knapscen.Sagas.Tests.Observability;

/// <summary>
/// A loopback stand-in for an OpenTelemetry collector's OTLP/HTTP receiver: answers 200 to every POST and keeps the
/// metric exports (path <c>/v1/metrics</c>) as they arrived.
/// </summary>
internal sealed class OtlpMetricsReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<(string ContentType, byte[] Body)> exports = new();
    private readonly Task serving;

    public OtlpMetricsReceiver()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
        }

        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    public IReadOnlyList<(string ContentType, byte[] Body)> MetricExports => [.. exports];

    public void Dispose()
    {
        listener.Close();
        serving.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url?.AbsolutePath == "/v1/metrics")
            {
                exports.Enqueue((context.Request.ContentType ?? "", body.ToArray()));
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
