using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Knapscen.Sagas.Tests.StepWorkers;

/// <summary>
/// Just enough SMTP on loopback to accept messages (no TLS; AUTH advertised only when asked): no mail server can be
/// installed here, and the step's SMTP path deserves a real conversation rather than a mock.
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly bool offersAuth;
    private readonly List<string> verbs = [];
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<string> messages = [];
    private readonly Task serving;

    public FakeSmtpServer(bool offersAuth = false)
    {
        this.offersAuth = offersAuth;
        listener.Start();
        serving = ServeAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (messages)
            {
                return [.. messages];
            }
        }
    }

    /// <summary>Every command verb the server received, in order (EHLO, AUTH, MAIL, …).</summary>
    public IReadOnlyList<string> Verbs
    {
        get
        {
            lock (verbs)
            {
                return [.. verbs];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await serving;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop this way.
        }

        stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(stop.Token);
            await ConverseAsync(client.GetStream());
        }
    }

    private async Task ConverseAsync(NetworkStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 fake ESMTP");
        while (await reader.ReadLineAsync(stop.Token) is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            lock (verbs)
            {
                verbs.Add(verb);
            }

            switch (verb)
            {
                case "EHLO":
                case "HELO":
                    await writer.WriteLineAsync("250-fake");
                    if (offersAuth)
                    {
                        await writer.WriteLineAsync("250-AUTH PLAIN LOGIN");
                    }

                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 go ahead");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(stop.Token) is { } dataLine && dataLine != ".")
                    {
                        data.AppendLine(dataLine);
                    }

                    lock (messages)
                    {
                        messages.Add(data.ToString());
                    }

                    await writer.WriteLineAsync("250 queued");
                    break;
                case "AUTH":
                    await writer.WriteLineAsync("235 accepted");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 ok");
                    break;
            }
        }
    }
}
