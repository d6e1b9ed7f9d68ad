using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Onboarding;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Knapscen.Sagas.Persistence.Model;

internal sealed class OnboardingSagaConfiguration : IEntityTypeConfiguration<CustomerOnboardingState>
{
    public const string TableName = "onboarding_sagas";
    public const int LastErrorLength = 2000;

    public void Configure(EntityTypeBuilder<CustomerOnboardingState> saga)
    {
        saga.ToTable(TableName);
        saga.HasKey(x => x.CorrelationId);
        saga.Property(x => x.CorrelationId).HasColumnName("correlation_id").HasColumnType("char(36)").ValueGeneratedNever();
        saga.Property(x => x.CurrentState).HasColumnName("current_state").HasMaxLength(64);
        saga.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
        saga.Property(x => x.CustomerName).HasColumnName("customer_name").HasMaxLength(255);
        saga.Property(x => x.SubscriptionTier).HasColumnName("subscription_tier").HasMaxLength(64);
        saga.Property(x => x.Users).HasColumnName("users_json").HasColumnType("longtext")
            .HasConversion(JsonColumn.Converter<List<OnboardingUser>>(), JsonColumn.Comparer<List<OnboardingUser>>());
        saga.Property(x => x.RegistrationDataJson).HasColumnName("registration_data_json").HasColumnType("longtext");
        saga.Property(x => x.RegistrationEventId).HasColumnName("registration_event_id").HasMaxLength(EventIdentityLimits.MaxIdLength);
        saga.Property(x => x.RegistrationEventSource).HasColumnName("registration_event_source").HasMaxLength(EventIdentityLimits.MaxSourceLength);
        saga.Property(x => x.RegistrationEventTime).HasColumnName("registration_event_time").HasColumnType("datetime(6)");
        saga.Property(x => x.TraceParent).HasColumnName("trace_parent").HasMaxLength(128);
        saga.Property(x => x.Steps).HasColumnName("steps_json").HasColumnType("longtext")
            .HasConversion(JsonColumn.Converter<List<StepRun>>(), JsonColumn.Comparer<List<StepRun>>());
        saga.Property(x => x.LastError).HasColumnName("last_error").HasMaxLength(LastErrorLength);
        saga.Property(x => x.FailureReason).HasColumnName("failure_reason").HasMaxLength(LastErrorLength);
        saga.Property(x => x.NextDeadline).HasColumnName("next_deadline").HasColumnType("datetime(6)");
        saga.Property(x => x.IgnoredEvents).HasColumnName("ignored_events");
        saga.Property(x => x.Notes).HasColumnName("notes_json").HasColumnType("longtext")
            .HasConversion(JsonColumn.Converter<List<SagaNote>>(), JsonColumn.Comparer<List<SagaNote>>());
        saga.Property(x => x.CreatedAt).HasColumnName("created_at").HasColumnType("datetime(6)");
        saga.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasColumnType("datetime(6)");
        saga.Property(x => x.FinishedAt).HasColumnName("finished_at").HasColumnType("datetime(6)");
        // Written to saga_step_history by the repository in the same transaction, never to the saga row.
        saga.Ignore(x => x.PendingHistory);
        saga.HasIndex(x => x.CurrentState).HasDatabaseName("ix_onboarding_sagas_current_state");
        saga.HasIndex(x => x.NextDeadline).HasDatabaseName("ix_onboarding_sagas_next_deadline");
        saga.HasIndex(x => x.UpdatedAt).HasDatabaseName("ix_onboarding_sagas_updated_at");
    }
}
