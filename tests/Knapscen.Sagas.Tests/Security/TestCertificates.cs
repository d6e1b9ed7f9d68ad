using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Knapscen.Sagas.Tests.Security;

/// <summary>
/// A CA of the test's own, a server certificate for 127.0.0.1/localhost and a client certificate, as PEM files in
/// <see cref="Folder"/>: what a real NATS or MariaDB gets from an operator, made fresh for each test.
/// </summary>
internal sealed class TestCertificates
{
    private TestCertificates(string folder) => Folder = folder;

    public string Folder { get; }

    public string CaFile => Path.Combine(Folder, "ca.pem");

    public string ServerCertFile => Path.Combine(Folder, "server.pem");

    public string ServerKeyFile => Path.Combine(Folder, "server-key.pem");

    public string ClientCertFile => Path.Combine(Folder, "client.pem");

    public string ClientKeyFile => Path.Combine(Folder, "client-key.pem");

    public static TestCertificates Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new TestCertificates(folder);
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=knapscen test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        // Self-signed, so it carries its private key and signs the others directly.
        using var ca = caRequest.CreateSelfSigned(now, now.AddDays(1));
        File.WriteAllText(files.CaFile, ca.ExportCertificatePem());

        var server = new SubjectAlternativeNameBuilder();
        server.AddIpAddress(IPAddress.Loopback);
        server.AddDnsName("localhost");
        Issue(ca, "CN=127.0.0.1", server.Build(), "1.3.6.1.5.5.7.3.1", files.ServerCertFile, files.ServerKeyFile, now, serial: 2);
        Issue(ca, "CN=knapscen test client", null, "1.3.6.1.5.5.7.3.2", files.ClientCertFile, files.ClientKeyFile, now, serial: 3);
        return files;
    }

    private static void Issue(
        X509Certificate2 ca, string subject, X509Extension? alternativeNames, string usage, string certFile, string keyFile, DateTimeOffset now, byte serial)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (alternativeNames is not null)
        {
            request.CertificateExtensions.Add(alternativeNames);
        }

        using var certificate = request.Create(ca, now, now.AddDays(1), [serial, (byte)Random.Shared.Next(1, 255)]);
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }
}
