using System.ComponentModel.DataAnnotations;

namespace Knapscen.Sagas.Adapters.Nats;

/// <summary>Configuration section <c>Nats</c>.</summary>
public sealed class NatsOptions
{
    public const string Section = "Nats";

    [Required(ErrorMessage = "Nats:Url is required (environment variable Nats__Url), e.g. nats://127.0.0.1:4222")]
    public string Url { get; set; } = "";

    /// <summary>Prepended to every subject and stream name, so several installations (or tests) share one server.</summary>
    [RegularExpression("^([A-Za-z0-9_-]+\\.)?$", ErrorMessage = "Nats:SubjectPrefix must be empty or one token followed by a dot, e.g. 'staging.'")]
    public string SubjectPrefix { get; set; } = "";

    [Required]
    [RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "Nats:ConsumerName may hold letters, digits, '_' and '-' only")]
    public string ConsumerName { get; set; } = "knapscen-orchestrator";

    /// <summary>Larger bodies are dead-lettered unread: a customer registration is a few kilobytes.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Events of different sagas are processed in parallel by this many workers; one saga's events stay in order.</summary>
    [Range(1, 256)]
    public int Workers { get; set; } = 16;

    [Range(1, 3600)]
    public int AckWaitSeconds { get; set; } = 30;

    /// <summary>After this many failed deliveries an event is dead-lettered with the last error instead of blocking forever.</summary>
    [Range(1, 1000)]
    public int MaxDeliveries { get; set; } = 20;
}
