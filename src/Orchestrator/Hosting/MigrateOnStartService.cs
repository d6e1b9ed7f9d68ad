using Knapscen.Sagas.Persistence.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Knapscen.Sagas.Orchestrator.Hosting;

/// <summary>Brings the schema up to date before the intake starts consuming; a no-op when it already is.</summary>
internal sealed class MigrateOnStartService(IConfiguration configuration, ILogger<SchemaMigrator> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        new SchemaMigrator(DatabaseSettings.From(configuration).ConnectionString, logger).MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
