using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Knapscen.Sagas.Tests.Observability;

/// <summary>
/// A loopback OTLP/HTTP receiver standing in for Jaeger or a collector: decodes and keeps the spans POSTed to
/// /v1/traces, keeps metric exports (/v1/metrics) as they arrived, and accepts any other signal, as a collector would,
/// so an exporter never has a reason to log an error.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener listener;
    private readonly Task serving;
    private readonly ConcurrentQueue<ExportedSpan> spans = new();
    private readonly ConcurrentQueue<(string ContentType, byte[] Body)> metricExports = new();

    private OtlpReceiver(HttpListener listener, string endpoint)
    {
        this.listener = listener;
        Endpoint = endpoint;
        serving = Task.Run(ServeAsync);
    }

    /// <summary>The base URL for OTEL_EXPORTER_OTLP_ENDPOINT; exporters append /v1/traces.</summary>
    public string Endpoint { get; }

    public IReadOnlyList<ExportedSpan> Spans => [.. spans];

    public IReadOnlyList<(string ContentType, byte[] Body)> MetricExports => [.. metricExports];

    /// <summary>How many requests were not a POST, or a trace export that did not decode.</summary>
    public int Rejected { get; private set; }

    public static OtlpReceiver Start()
    {
        // HttpListener cannot pick its own port: take a free one from the OS, then bind it (retrying a lost race).
        for (var attempt = 0; ; attempt++)
        {
            var endpoint = $"http://127.0.0.1:{FreePort()}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(endpoint);
            try
            {
                listener.Start();
                return new OtlpReceiver(listener, endpoint.TrimEnd('/'));
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: Stop first makes Close look the port up again, which re-binds it (and fails if it was reused).
        listener.Close();
        await serving;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
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
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await HandleAsync(context);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (request.HttpMethod != "POST")
        {
            Rejected++;
            response.StatusCode = 405;
            response.Close();
            return;
        }

        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        if (request.Url?.AbsolutePath != "/v1/traces")
        {
            if (request.Url?.AbsolutePath == "/v1/metrics")
            {
                metricExports.Enqueue((request.ContentType ?? "", body.ToArray()));
            }

            response.StatusCode = 200;
            response.Close();
            return;
        }

        try
        {
            foreach (var span in OtlpTraceDecoder.Decode(body.ToArray()))
            {
                spans.Enqueue(span);
            }

            // An empty ExportTraceServiceResponse: full success.
            response.StatusCode = 200;
            response.ContentType = "application/x-protobuf";
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            Rejected++;
            response.StatusCode = 400;
        }

        response.Close();
    }
}
