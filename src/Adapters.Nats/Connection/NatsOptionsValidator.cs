using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Adapters.Nats.Connection;

/// <summary>Credential and certificate settings that cannot work are refused at start, naming the key to fix.</summary>
internal sealed class NatsOptionsValidator : IValidateOptions<NatsOptions>
{
    public ValidateOptionsResult Validate(string? name, NatsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connection = options.Connection();
        var failures = new List<string>();
        if (connection.Password is not null && connection.User is null)
        {
            failures.Add("Nats:Password is set without Nats:User (environment variable Nats__User)");
        }

        var methods = new[] { connection.User, connection.Token, connection.NKeySeedFile, connection.CredsFile }.Count(value => value is not null);
        if (methods > 1)
        {
            failures.Add("Nats:User, Nats:Token, Nats:NKeySeedFile and Nats:CredsFile are alternatives: set one");
        }

        if ((connection.TlsCertFile is null) != (connection.TlsKeyFile is null))
        {
            failures.Add("Nats:Tls:CertFile and Nats:Tls:KeyFile go together (environment variables Nats__Tls__CertFile, Nats__Tls__KeyFile)");
        }

        RequireFile(failures, "Nats:NKeySeedFile", connection.NKeySeedFile);
        RequireFile(failures, "Nats:CredsFile", connection.CredsFile);
        RequireFile(failures, "Nats:Tls:CaFile", connection.TlsCaFile);
        RequireFile(failures, "Nats:Tls:CertFile", connection.TlsCertFile);
        RequireFile(failures, "Nats:Tls:KeyFile", connection.TlsKeyFile);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireFile(List<string> failures, string key, string? path)
    {
        if (path is not null && !File.Exists(path))
        {
            failures.Add($"{key} names '{path}', which does not exist or is not a file (environment variable {key.Replace(":", "__", StringComparison.Ordinal)})");
        }
    }
}
