namespace Knapscen.Sagas.Orchestrator.Operations;

/// <summary>What one saga answered to a bulk command.</summary>
public sealed record BulkAnswer(Guid SagaId, SagaCommandStatus Status, string? State, string Message);

/// <summary>
/// One operator command sent to many sagas, each in its own transaction like a single command, so one refusal never
/// holds back the others; every saga's answer is reported.
/// </summary>
public sealed class BulkSagaCommands
{
    // A few at a time: each command is a short saga transaction; more would only queue on the database.
    private const int Parallelism = 4;

    private readonly SagaCommandSender sender;
    private readonly SagaSearch search;

    internal BulkSagaCommands(SagaCommandSender sender, SagaSearch search)
    {
        this.sender = sender;
        this.search = search;
    }

    /// <summary>The sagas a bulk command on <paramref name="filter"/> would touch, at most <see cref="SagaSearchFilter.MaxBulk"/>.</summary>
    public Task<IReadOnlyList<Guid>> PreviewAsync(SagaSearchFilter filter, CancellationToken cancellationToken) =>
        search.MatchingIdsAsync(filter, SagaSearchFilter.MaxBulk, cancellationToken);

    public async Task<IReadOnlyList<BulkAnswer>> SendAsync(
        SagaCommandKind kind, IReadOnlyList<Guid> sagaIds, string requestedBy, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sagaIds);
        var distinct = sagaIds.Distinct().ToList();
        var answers = new BulkAnswer[distinct.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, distinct.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var outcome = await sender.SendAsync(kind, distinct[index], requestedBy, reason, token).ConfigureAwait(false);
                answers[index] = new BulkAnswer(distinct[index], outcome.Status, outcome.State, outcome.Message);
            }).ConfigureAwait(false);
        return answers;
    }
}
