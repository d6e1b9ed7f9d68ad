using Knapscen.Sagas.Persistence;
using Microsoft.Extensions.Hosting;

namespace Knapscen.Sagas.Orchestrator.Hosting;

/// <summary>
/// Fault injection for crash tests (setting <c>Testing:PauseBeforeCommitMarker</c>): the first saga transaction
/// writes the marker file and then never commits, so a test can kill -9 the process at exactly that point.
/// </summary>
internal sealed class PauseBeforeCommitHook(string markerPath) : ISagaCommitHook
{
    public const string Setting = "Testing:PauseBeforeCommitMarker";

    /// <summary>
    /// A hook that stops every saga must never be one stray variable away in production: it is honoured only in an
    /// environment that says it is a test (<c>DOTNET_ENVIRONMENT=Testing</c> or <c>Development</c>).
    /// </summary>
    /// <exception cref="Cli.OperatorException">The environment is not Testing or Development.</exception>
    public static PauseBeforeCommitHook Create(string markerPath, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.IsEnvironment("Testing") || environment.IsDevelopment()
            ? new PauseBeforeCommitHook(markerPath)
            : throw new Cli.OperatorException(
                $"{Setting} is a test hook and is refused in the '{environment.EnvironmentName}' environment; " +
                "it works only with DOTNET_ENVIRONMENT=Testing or Development.");
    }

    public async ValueTask BeforeCommitAsync(Guid sagaId, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(markerPath, sagaId.ToString(), cancellationToken).ConfigureAwait(false);
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
    }
}
