using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Steps;
using MassTransit;
using MassTransit.Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Knapscen.Sagas.Adapters.Nats.Intake;

/// <summary>
/// Hands a validated event to the saga through MassTransit's mediator in a DI scope of its own. The mediator returns
/// after the saga repository committed and throws if it did not, which is what makes ack-after-commit hold.
/// </summary>
internal sealed partial class SagaDispatcher(IServiceScopeFactory scopes, ILogger<SagaDispatcher> logger)
{
    /// <param name="traceParent">The trace context a new saga keeps for all its later work.</param>
    public Task DispatchAsync(ValidatedCloudEvent validated, string? traceParent, CancellationToken cancellationToken) =>
        IntakeEventTypes.Find(validated.Event.Type!)?.ToMessage(validated, traceParent) is { } message
            ? SendAsync(message, validated, cancellationToken)
            : Informational(validated);

    /// <summary>A launch's own result event, to be kept on its step run.</summary>
    public async Task DispatchOutputAsync(StepOutputReported output, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IScopedMediator>();
            await mediator.Send(output, context =>
            {
                // One inbox entry per launch, whatever source the container writes: an output repeated is applied once.
                // The inbox row then carries its saga from its INSERT, without a second statement.
                context.CorrelationId = output.SagaId;
                context.Headers.Set(IntakeHeaders.EventSource, StepResultSubjects.Root);
                context.Headers.Set(IntakeHeaders.EventId, $"{output.LaunchId}.output");
                context.Headers.Set(IntakeHeaders.EventType, output.Type);
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    // Sent as object: the mediator routes by the message's runtime type, so every row of the table is sent one way.
    private async Task SendAsync(object message, ValidatedCloudEvent validated, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IScopedMediator>();
            await mediator.Send(message, context =>
            {
                context.CorrelationId = validated.Subject;
                context.Headers.Set(IntakeHeaders.EventSource, validated.Event.Source!.ToString());
                context.Headers.Set(IntakeHeaders.EventId, validated.Event.Id);
                context.Headers.Set(IntakeHeaders.EventType, validated.Event.Type);
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task Informational(ValidatedCloudEvent validated)
    {
        LogInformational(validated.Event.Type!, validated.Event.Id!, validated.Subject);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Received {Type} {Id} for {Subject}: informational, the Job status drives the saga")]
    private partial void LogInformational(string type, string id, Guid subject);
}
