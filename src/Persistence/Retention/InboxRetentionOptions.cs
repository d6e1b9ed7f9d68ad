using System.ComponentModel.DataAnnotations;

namespace Knapscen.Sagas.Persistence.Retention;

/// <summary>Configuration section <c>Inbox</c>: how long applied events' ids are kept for de-duplication.</summary>
internal sealed class InboxRetentionOptions
{
    public const string SectionName = "Inbox";

    /// <summary>
    /// Far longer than any redelivery (JetStream gives up after <c>Nats:MaxDeliveries</c>, minutes) or duplicate
    /// window; an event repeated later still meets the saga's own guards (a second registration of an existing saga and
    /// a result of an old launch are ignored), so pruning never applies an effect twice.
    /// </summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 7;

    [Range(1, 1440)]
    public int SweepIntervalMinutes { get; set; } = 15;

    /// <summary>Rows per DELETE: small enough that a sweep never holds locks long against the saga transactions.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;

    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);

    public TimeSpan SweepInterval => TimeSpan.FromMinutes(SweepIntervalMinutes);
}
