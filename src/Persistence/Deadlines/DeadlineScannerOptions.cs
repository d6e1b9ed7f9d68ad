using System.ComponentModel.DataAnnotations;

namespace Knapscen.Sagas.Persistence.Deadlines;

/// <summary>Configuration section <c>Deadlines</c>: how the deadline scanner polls, and when a saga counts as stuck.</summary>
internal sealed class DeadlineScannerOptions
{
    public const string SectionName = "Deadlines";

    /// <summary>How long the scanner waits after a scan that found less than a full batch; bounds how late a deadline fires.</summary>
    [Range(10, 600_000)]
    public int PollIntervalMilliseconds { get; set; } = 500;

    /// <summary>How many due sagas one claim transaction takes; a full batch makes the scanner claim again at once.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long a claimed saga is hidden from other scanners. If this process dies before the saga handled its
    /// DeadlinesDue, another scanner claims it once the lease ran out.
    /// </summary>
    [Range(1, 86_400)]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>A saga that is not finished and made no progress for this long is reported as stuck.</summary>
    [Range(1, 525_600)]
    public int StuckAfterMinutes { get; set; } = 30;

    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(PollIntervalMilliseconds);

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan StuckAfter => TimeSpan.FromMinutes(StuckAfterMinutes);
}
