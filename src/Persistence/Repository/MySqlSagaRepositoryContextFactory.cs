using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Telemetry;
using MassTransit;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>
/// Applies each message in one MySQL transaction (inbox, locked saga row, step history) and retries the whole
/// message after a deadlock, lock wait timeout, duplicate key or version conflict.
/// </summary>
internal sealed partial class MySqlSagaRepositoryContextFactory(
    IServiceScopeFactory scopeFactory,
    ISagaConsumeContextFactory<SagaDbContext, CustomerOnboardingState> consumeContextFactory,
    SagaRetryOptions retry,
    TimeProvider time,
    OnboardingMetrics metrics,
    ILogger<MySqlSagaRepositoryContextFactory> logger) :
    ISagaRepositoryContextFactory<CustomerOnboardingState>
{
    private static readonly ResiliencePropertyKey<Guid?> MessageIdKey = new("knapscen.message-id");

    private ResiliencePipeline? conflictRetry;

    public void Probe(ProbeContext context) => context.Add("persistence", "mysql");

    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<CustomerOnboardingState, T>> next)
        where T : class =>
        WithRetriesAsync(context, unit => next.Send(new MySqlSagaRepositoryContext<T>(context, unit, consumeContextFactory)));

    public Task SendQuery<T>(
        ConsumeContext<T> context,
        ISagaQuery<CustomerOnboardingState> query,
        IPipe<SagaRepositoryQueryContext<CustomerOnboardingState, T>> next)
        where T : class =>
        SagaGroupTransaction.Current is not null
            // A query may match sagas the group already holds; the intake sends only id-correlated events in groups.
            ? throw new NotSupportedException("Events correlated by query are not applied in group transactions.")
            : WithRetriesAsync(
            context,
            async unit =>
            {
                var instances = await QueryLocker.LockMatchingAsync(unit, query, context.CancellationToken).ConfigureAwait(false);
                var repositoryContext = new MySqlSagaRepositoryContext<T>(context, unit, consumeContextFactory);
                await next.Send(new LoadedSagaRepositoryQueryContext<CustomerOnboardingState, T>(repositoryContext, instances)).ConfigureAwait(false);
            });

    private async Task WithRetriesAsync(ConsumeContext context, Func<SagaUnitOfWork, Task> apply)
    {
        var inbox = ReadInboxEntry(context);
        if (SagaGroupTransaction.Current is { } group)
        {
            // No retry inside a group: a failed event ends the group, and the intake retries it alone.
            await ApplyInGroupAsync(group, context, inbox, apply).ConfigureAwait(false);
            return;
        }

        var resilience = ResilienceContextPool.Shared.Get(context.CancellationToken);
        resilience.Properties.Set(MessageIdKey, context.MessageId);
        try
        {
            // Each try is a whole AttemptAsync: a fresh DI scope, DbContext and transaction.
            await (conflictRetry ??= BuildConflictRetry()).ExecuteAsync(
                static async (_, state) => await state.Factory.AttemptAsync(state.Context, state.Inbox, state.Apply).ConfigureAwait(false),
                resilience,
                (Factory: this, Context: context, Inbox: inbox, Apply: apply)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    /// <summary>Polly's retry with the repository's own full-jitter delays (<see cref="SagaRetryOptions.DelayBefore"/>).</summary>
    private ResiliencePipeline BuildConflictRetry()
    {
        if (retry.MaxAttempts <= 1)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxAttempts - 1,
                ShouldHandle = arguments => ValueTask.FromResult(
                    arguments.Outcome.Exception is { } error
                    && !arguments.Context.CancellationToken.IsCancellationRequested
                    && TransientSagaErrors.IsRetryable(error)),
                // AttemptNumber counts from 0 for the first try; DelayBefore takes the 1-based number of the next one.
                DelayGenerator = arguments => ValueTask.FromResult<TimeSpan?>(retry.DelayBefore(arguments.AttemptNumber + 2)),
                OnRetry = arguments =>
                {
                    var error = arguments.Outcome.Exception!;
                    LogRetrying(arguments.AttemptNumber + 1, TransientSagaErrors.ServerErrorNumber(error), error.GetType().Name, arguments.Context.Properties.GetValue(MessageIdKey, null));
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    // A fresh scope and DbContext per attempt: a DbContext that saw a failed SaveChanges keeps the failed entries.
    private async Task AttemptAsync(ConsumeContext context, InboxEntry? inbox, Func<SagaUnitOfWork, Task> apply)
    {
        var scope = scopeFactory.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = scope.ServiceProvider.GetRequiredService<SagaDbContext>();
            var unit = await SagaUnitOfWork.BeginAsync(db, time, context.CancellationToken).ConfigureAwait(false);
            await using (unit.ConfigureAwait(false))
            {
                await ApplyAsync(unit, context, inbox, apply, scope.ServiceProvider.GetRequiredService<ISagaCommitHook>()).ConfigureAwait(false);
            }
        }
    }

    private async Task ApplyInGroupAsync(SagaGroupTransaction group, ConsumeContext context, InboxEntry? inbox, Func<SagaUnitOfWork, Task> apply)
    {
        var unit = SagaUnitOfWork.Join(group, time);
        await using (unit.ConfigureAwait(false))
        {
            // The group calls the commit hook for every saga at its own commit.
            await ApplyAsync(unit, context, inbox, apply, NoOpSagaCommitHook.Instance).ConfigureAwait(false);
        }
    }

    private async Task ApplyAsync(SagaUnitOfWork unit, ConsumeContext context, InboxEntry? inbox, Func<SagaUnitOfWork, Task> apply, ISagaCommitHook hook)
    {
        var ct = context.CancellationToken;
        if (inbox is not null && !await unit.TryRecordInboxAsync(inbox, ct).ConfigureAwait(false))
        {
            LogAlreadyApplied(inbox.Source, inbox.EventId, context.MessageId);
            unit.AlreadyApplied(() => metrics.EventsIgnored(1, "already_applied"));
            return;
        }

        await apply(unit).ConfigureAwait(false);
        await unit.CommitAsync(hook, metrics, ct).ConfigureAwait(false);
    }

    private static InboxEntry? ReadInboxEntry(ConsumeContext context)
    {
        var source = context.Headers.Get<string>(IntakeHeaders.EventSource);
        var eventId = context.Headers.Get<string>(IntakeHeaders.EventId);
        if (string.IsNullOrEmpty(source) || string.IsNullOrEmpty(eventId))
        {
            return null;
        }

        return new InboxEntry(source, eventId, context.Headers.Get<string>(IntakeHeaders.EventType), context.CorrelationId);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event {EventSource}/{EventId} (message {MessageId}) was already applied; skipped")]
    private partial void LogAlreadyApplied(string eventSource, string eventId, Guid? messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Saga transaction attempt {Attempt} failed with a transient conflict (MySQL error {ErrorNumber}, {ErrorType}) for message {MessageId}; retrying")]
    private partial void LogRetrying(int attempt, int? errorNumber, string errorType, Guid? messageId);
}
