using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Telemetry;
using MassTransit;
using MassTransit.Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Knapscen.Sagas.Orchestrator.Operations;

public enum SagaCommandKind
{
    Retry,
    Compensate,
    Cancel,
}

public enum SagaCommandStatus
{
    Accepted,
    Refused,
    NotFound,
}

public sealed record SagaCommandOutcome(SagaCommandStatus Status, string? State, string Message);

/// <summary>Sends an operator command into the saga (its own transaction, like any event), counts and reports the saga's answer. Runs in <c>serve</c>, behind the API.</summary>
public sealed class SagaCommandSender
{
    private readonly IServiceScopeFactory scopes;
    private readonly OnboardingMetrics metrics;

    internal SagaCommandSender(IServiceScopeFactory scopes, OnboardingMetrics metrics)
    {
        this.scopes = scopes;
        this.metrics = metrics;
    }

    public async Task<SagaCommandOutcome> SendAsync(SagaCommandKind kind, Guid sagaId, string requestedBy, string reason, CancellationToken cancellationToken)
    {
        var outcome = await SendCommandAsync(kind, sagaId, requestedBy, reason, cancellationToken).ConfigureAwait(false);
        metrics.OperatorCommandAnswered(kind.ToString().ToLowerInvariant(), outcome.Status switch
        {
            SagaCommandStatus.Accepted => "accepted",
            SagaCommandStatus.Refused => "refused",
            _ => "not_found",
        });
        return outcome;
    }

    private Task<SagaCommandOutcome> SendCommandAsync(SagaCommandKind kind, Guid sagaId, string requestedBy, string reason, CancellationToken cancellationToken) =>
        kind switch
        {
            SagaCommandKind.Retry => SendAsync(new RetrySaga { SagaId = sagaId, RequestedBy = requestedBy, Reason = reason }, cancellationToken),
            SagaCommandKind.Compensate => SendAsync(new CompensateSaga { SagaId = sagaId, RequestedBy = requestedBy, Reason = reason }, cancellationToken),
            SagaCommandKind.Cancel => SendAsync(new CancelSaga { SagaId = sagaId, RequestedBy = requestedBy, Reason = reason }, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown command"),
        };

    private async Task<SagaCommandOutcome> SendAsync<T>(T command, CancellationToken cancellationToken)
        where T : OperatorCommand
    {
        await using var scope = scopes.CreateAsyncScope();
        var client = scope.ServiceProvider.GetRequiredService<IScopedMediator>().CreateRequestClient<T>();
        var response = await client.GetResponse<SagaCommandAccepted, SagaCommandRefused, SagaNotFound>(command, cancellationToken).ConfigureAwait(false);
        if (response.Is(out Response<SagaCommandAccepted>? accepted))
        {
            return new SagaCommandOutcome(SagaCommandStatus.Accepted, accepted.Message.State, accepted.Message.What);
        }

        if (response.Is(out Response<SagaCommandRefused>? refused))
        {
            return new SagaCommandOutcome(SagaCommandStatus.Refused, refused.Message.State, refused.Message.Reason);
        }

        return new SagaCommandOutcome(SagaCommandStatus.NotFound, null, $"there is no saga with id {command.SagaId}");
    }
}
