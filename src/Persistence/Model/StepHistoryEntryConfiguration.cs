using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Knapscen.Sagas.Persistence.Model;

internal sealed class StepHistoryEntryConfiguration : IEntityTypeConfiguration<StepHistoryEntry>
{
    public const int ErrorLength = 2000;

    public void Configure(EntityTypeBuilder<StepHistoryEntry> entry)
    {
        entry.ToTable("saga_step_history");
        entry.HasKey(x => x.Id);
        entry.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        entry.Property(x => x.SagaId).HasColumnName("saga_id").HasColumnType("char(36)");
        entry.Property(x => x.Step).HasColumnName("step").HasMaxLength(128);
        entry.Property(x => x.UserIndex).HasColumnName("user_index");
        entry.Property(x => x.Attempt).HasColumnName("attempt");
        entry.Property(x => x.LaunchId).HasColumnName("launch_id").HasMaxLength(255);
        entry.Property(x => x.StartedAt).HasColumnName("started_at").HasColumnType("datetime(6)");
        entry.Property(x => x.FinishedAt).HasColumnName("finished_at").HasColumnType("datetime(6)");
        entry.Property(x => x.Outcome).HasColumnName("outcome").HasMaxLength(64);
        entry.Property(x => x.Error).HasColumnName("error").HasMaxLength(ErrorLength);
        entry.HasIndex(x => new { x.SagaId, x.Step, x.UserIndex, x.Attempt })
            .IsUnique()
            .HasDatabaseName("ux_saga_step_history_attempt");
    }
}
