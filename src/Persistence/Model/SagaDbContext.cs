using Knapscen.Sagas.StateMachines.Onboarding;
using Microsoft.EntityFrameworkCore;

namespace Knapscen.Sagas.Persistence.Model;

/// <summary>
/// The saga tables of db/migrations/0001. The SQL migrations own the schema; this model only maps it
/// (EF migrations and EnsureCreated are not used).
/// </summary>
public sealed class SagaDbContext(DbContextOptions<SagaDbContext> options) : DbContext(options)
{
    public DbSet<CustomerOnboardingState> OnboardingSagas => Set<CustomerOnboardingState>();

    public DbSet<StepHistoryEntry> StepHistory => Set<StepHistoryEntry>();

    public DbSet<ProcessedEvent> ProcessedEvents => Set<ProcessedEvent>();

    /// <summary>
    /// The saga transaction open on this context's connection, which EF does not know of (<see cref="Repository.ServerTransaction"/>),
    /// for an activity that writes in it; null once it ended, before the pooled context is used again.
    /// </summary>
    internal Repository.ServerTransaction? SagaTransaction { get; set; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new OnboardingSagaConfiguration());
        modelBuilder.ApplyConfiguration(new StepHistoryEntryConfiguration());
        modelBuilder.ApplyConfiguration(new ProcessedEventConfiguration());
    }
}
