using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.StateMachines.Onboarding;
using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>MassTransit's view of one <see cref="SagaUnitOfWork"/> while it applies one message.</summary>
internal sealed class MySqlSagaRepositoryContext<TMessage> :
    ConsumeContextScope<TMessage>,
    SagaRepositoryContext<CustomerOnboardingState, TMessage>
    where TMessage : class
{
    private readonly ConsumeContext<TMessage> _consumeContext;
    private readonly SagaUnitOfWork _unit;
    private readonly ISagaConsumeContextFactory<SagaDbContext, CustomerOnboardingState> _factory;

    // The DbContext rides along as a payload, so an activity can write rows in the saga transaction (SagaDbContext.SagaTransaction).
    public MySqlSagaRepositoryContext(
        ConsumeContext<TMessage> consumeContext,
        SagaUnitOfWork unit,
        ISagaConsumeContextFactory<SagaDbContext, CustomerOnboardingState> factory)
        : base(consumeContext, unit.Db)
    {
        _consumeContext = consumeContext;
        _unit = unit;
        _factory = factory;
    }

    public Task<SagaConsumeContext<CustomerOnboardingState, TMessage>> Add(CustomerOnboardingState instance) =>
        _factory.CreateSagaConsumeContext(_unit.Db, _consumeContext, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<CustomerOnboardingState, TMessage>> Insert(CustomerOnboardingState instance)
    {
        if (!await _unit.TryInsertAsync(instance, CancellationToken).ConfigureAwait(false))
        {
            // Null tells MassTransit the saga exists; it then calls Load.
            return null!;
        }

        return await _factory.CreateSagaConsumeContext(_unit.Db, _consumeContext, instance, SagaConsumeContextMode.Insert).ConfigureAwait(false);
    }

    public async Task<SagaConsumeContext<CustomerOnboardingState, TMessage>> Load(Guid correlationId)
    {
        var instance = await _unit.LockAsync(correlationId, CancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return null!;
        }

        return await _factory.CreateSagaConsumeContext(_unit.Db, _consumeContext, instance, SagaConsumeContextMode.Load).ConfigureAwait(false);
    }

    public Task Save(SagaConsumeContext<CustomerOnboardingState> context) => _unit.AddAsync(context.Saga, CancellationToken);

    public Task Update(SagaConsumeContext<CustomerOnboardingState> context) => _unit.UpdateAsync(context.Saga, CancellationToken);

    public Task Delete(SagaConsumeContext<CustomerOnboardingState> context) => _unit.DeleteAsync(context.Saga, CancellationToken);

    // The row stays locked until the transaction ends; nothing was changed, so nothing is written.
    public Task Discard(SagaConsumeContext<CustomerOnboardingState> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<CustomerOnboardingState> context)
    {
        _unit.Undo(context.Saga);
        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<CustomerOnboardingState, T>> CreateSagaConsumeContext<T>(
        ConsumeContext<T> consumeContext,
        CustomerOnboardingState instance,
        SagaConsumeContextMode mode)
        where T : class =>
        _factory.CreateSagaConsumeContext(_unit.Db, consumeContext, instance, mode);
}
