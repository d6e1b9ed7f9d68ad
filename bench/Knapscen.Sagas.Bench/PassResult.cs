namespace Knapscen.Sagas.Bench;

internal sealed record PassResult
{
    public required string Name { get; init; }

    public required int Onboardings { get; init; }

    /// <summary>Registrations per second asked for; null: as fast as the publish window allows.</summary>
    public required double? RequestedRate { get; init; }

    public required double PublishSeconds { get; init; }

    /// <summary>First publish to the last saga's finished_at.</summary>
    public required double Seconds { get; init; }

    public required double OnboardingsPerSecond { get; init; }

    /// <summary>processed_events rows written in the pass: one per event applied to a saga.</summary>
    public required long Transitions { get; init; }

    public required double TransitionsPerSecond { get; init; }

    public required long HistoryRows { get; init; }

    public required double ComCommitPerOnboarding { get; init; }

    public required double HandlerCommitPerOnboarding { get; init; }

    /// <summary>Saga transitions per COMMIT (processed_events rows ÷ Com_commit Δ): what group commit puts in one transaction.</summary>
    public required double EventsPerTransaction { get; init; }

    public required long ComRollbacks { get; init; }

    /// <summary>Client statements (the server's Questions counter) per saga transition: round trips on the hot path.</summary>
    public required double StatementsPerTransition { get; init; }

    public required long RowLockWaits { get; init; }

    /// <summary>Process CPU per saga transition, in milliseconds.</summary>
    public required double CpuMsPerTransition { get; init; }

    public required Percentiles PublishedToFirstLaunchMs { get; init; }

    /// <summary>
    /// The registration stored in the intake stream (its arrival) → the first step launched: the orchestrator's own
    /// part of the above, without the publisher's send and NATS's store. Wall clocks of one machine (nats-server's and
    /// this process's), so good to a fraction of a millisecond.
    /// </summary>
    public required Percentiles StoredToFirstLaunchMs { get; init; }

    public required Percentiles PublishedToCompletedMs { get; init; }

    public required double CpuSecondsPerOnboarding { get; init; }

    /// <summary>Time the JIT spent compiling during the pass (part of the CPU above): what the warm-up did not reach.</summary>
    public required double JitSeconds { get; init; }

    /// <summary>
    /// How long the GC held the process's threads during the pass, and how many collections it made (every generation
    /// counts as gen0 too): a pause delays every event in flight, so it shows in the latency tails.
    /// </summary>
    public double GcPauseMs { get; init; }

    public int GcCollections { get; init; }

    /// <summary>The stack's MariaDB server's CPU per transition during the pass (NaN when not measurable).</summary>
    public required double ServerCpuMsPerTransition { get; init; }

    /// <summary>The stack's nats-server's CPU per transition during the pass (NaN when not measurable).</summary>
    public required double NatsCpuMsPerTransition { get; init; }

    /// <summary>
    /// The share of the machine's cores busy during the pass, every process together (NaN off Linux); steal is time the
    /// hypervisor gave to other guests, counted apart.
    /// </summary>
    public required double MachineBusyShare { get; init; }

    public required double MachineStealShare { get; init; }

    public required long RssBytesAt10Percent { get; init; }

    public required long RssBytesAt50Percent { get; init; }

    public required long RssBytesAt100Percent { get; init; }

    /// <summary>Sagas of the pass by final (or last seen) state; all should be Completed.</summary>
    public required IReadOnlyDictionary<string, int> States { get; init; }

    public required bool TimedOut { get; init; }
}
