using System.Net;
using System.Net.Sockets;

namespace Knapscen.Sagas.Tests.Infrastructure;

internal static class LoopbackPorts
{
    /// <summary>A port free when asked; another process taking it before the server binds fails that start loudly.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
