using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.GroupCommit;
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
            ? SendAsync(message, InboxEventOf(validated), cancellationToken)
            : Informational(validated);

    /// <summary>A launch's own result event, to be kept on its step run.</summary>
    public Task DispatchOutputAsync(StepOutputReported output, CancellationToken cancellationToken) =>
        SendAsync(output, InboxEventOf(output), cancellationToken);

    /// <summary>
    /// The inbox entry the saga repository records for the item, from the headers sent with it; null for an item that
    /// is not sent to a saga.
    /// </summary>
    public static GroupEvent? InboxEventOf(IntakeItem item) => item switch
    {
        { Output: { } output } => InboxEventOf(output),
        { Event: { } validated } when IntakeEventTypes.Find(validated.Event.Type!) is not null => InboxEventOf(validated),
        _ => null,
    };

    // One inbox entry per launch, whatever source the container writes: an output repeated is applied once.
    private static GroupEvent InboxEventOf(StepOutputReported output) =>
        new(StepResultSubjects.Root, $"{output.LaunchId}.output", output.Type, output.SagaId);

    private static GroupEvent InboxEventOf(ValidatedCloudEvent validated) =>
        new(validated.Event.Source!.ToString(), validated.Event.Id!, validated.Event.Type, validated.Subject);

    // Sent as object: the mediator routes by the message's runtime type, so every row of the table is sent one way.
    private async Task SendAsync(object message, GroupEvent inbox, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IScopedMediator>();
            await mediator.Send(message, context =>
            {
                context.CorrelationId = inbox.SagaId;
                context.Headers.Set(IntakeHeaders.EventSource, inbox.Source);
                context.Headers.Set(IntakeHeaders.EventId, inbox.EventId);
                context.Headers.Set(IntakeHeaders.EventType, inbox.EventType);
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
