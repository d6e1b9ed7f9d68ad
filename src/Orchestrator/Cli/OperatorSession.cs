using Knapscen.Sagas.Orchestrator.Hosting;
using Knapscen.Sagas.Orchestrator.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.Cli;

/// <summary>
/// The orchestrator's services without starting it, for <c>sagas list|show</c>, which read the saga table directly
/// (they work with serve stopped). Operator commands never go through here: they go to serve's API.
/// </summary>
internal sealed class OperatorSession : IDisposable
{
    private readonly IHost host;

    private OperatorSession(IHost host) => this.host = host;

    public SagaReadModel Sagas => host.Services.GetRequiredService<SagaReadModel>();

    public static OperatorSession Open()
    {
        var builder = OrchestratorHost.CreateBuilder([]);
        builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning);
        return new OperatorSession(builder.AddOrchestrator().Build());
    }

    /// <summary>Turns an unreachable database into one sentence instead of a stack trace.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (MySqlException e)
        {
            throw new OperatorException($"database error: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    public void Dispose() => host.Dispose();
}
