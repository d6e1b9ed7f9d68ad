using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Knapscen.Sagas.Tests.Observability;

/// <summary>
/// A loopback OTLP/HTTP trace receiver standing in for Jaeger: accepts POST /v1/traces with a protobuf body and
/// keeps every span it decodes.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener listener;
    private readonly Task serving;
    private readonly ConcurrentQueue<ExportedSpan> spans = new();

    private OtlpReceiver(HttpListener listener, string endpoint)
    {
        this.listener = listener;
        Endpoint = endpoint;
        serving = Task.Run(ServeAsync);
    }

    /// <summary>The base URL for OTEL_EXPORTER_OTLP_ENDPOINT; exporters append /v1/traces.</summary>
    public string Endpoint { get; }

    public IReadOnlyList<ExportedSpan> Spans => [.. spans];

    /// <summary>How many requests were not a decodable POST /v1/traces.</summary>
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
        listener.Stop();
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
        if (request.HttpMethod != "POST" || request.Url?.AbsolutePath != "/v1/traces")
        {
            Rejected++;
            response.StatusCode = 404;
            response.Close();
            return;
        }

        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
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
