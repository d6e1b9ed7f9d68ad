using Knapscen.Sagas.StateMachines.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Knapscen.Sagas.Persistence.Model;

internal sealed class ProcessedEventConfiguration : IEntityTypeConfiguration<ProcessedEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedEvent> processed)
    {
        processed.ToTable("processed_events");
        processed.HasKey(x => new { x.EventSource, x.EventId });
        processed.Property(x => x.EventSource).HasColumnName("event_source").HasMaxLength(EventIdentityLimits.MaxSourceLength);
        processed.Property(x => x.EventId).HasColumnName("event_id").HasMaxLength(EventIdentityLimits.MaxIdLength);
        processed.Property(x => x.EventType).HasColumnName("event_type").HasMaxLength(255);
        processed.Property(x => x.SagaId).HasColumnName("saga_id").HasColumnType("char(36)");
        processed.Property(x => x.ProcessedAt).HasColumnName("processed_at").HasColumnType("datetime(6)");
    }
}
