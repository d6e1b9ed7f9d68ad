namespace Knapscen.Sagas.Adapters.Nats;

/// <summary>Configuration section <c>Nats:Tls</c>: PEM files, as a Kubernetes secret mounts them.</summary>
public sealed class NatsTlsOptions
{
    /// <summary>The CA that signed the server's certificate, when it is not one the system trusts.</summary>
    public string? CaFile { get; set; }

    /// <summary>Client certificate and key, for servers that verify clients (<c>verify: true</c>).</summary>
    public string? CertFile { get; set; }

    public string? KeyFile { get; set; }

    /// <summary>Never fall back to plain text; implied by a CA or client certificate.</summary>
    public bool Required { get; set; }
}
