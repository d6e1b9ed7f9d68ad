using System.ComponentModel.DataAnnotations;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>One step of the catalog: what to run, with which environment, for whom, and how to undo it.</summary>
public sealed class StepDefinition
{
    [Required(AllowEmptyStrings = false)]
    public string Image { get; set; } = "";

    /// <summary>
    /// Pins the image to one build: Kubernetes Jobs run <c>Image@ImageDigest</c>, so a tag moved in the registry changes
    /// nothing. The local process launcher, which maps images by name, ignores it.
    /// </summary>
    [RegularExpression("^sha256:[a-f0-9]{64}$", ErrorMessage = "ImageDigest must be 'sha256:' followed by 64 lower-case hex digits.")]
    public string? ImageDigest { get; set; }

    /// <summary>Empty means the image's own entrypoint. Plain strings only: event data never reaches the command line.</summary>
    public List<string> Command { get; set; } = [];

    /// <summary>Variable name → template (see <see cref="StepTemplate"/> for the grammar).</summary>
    public Dictionary<string, string> Environment { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Names of secrets whose keys all become environment variables (Kubernetes <c>envFrom</c>).</summary>
    public List<string> EnvFrom { get; set; } = [];

    /// <summary>Kubernetes namespace; null leaves the choice to the launcher.</summary>
    [RegularExpression(NameRules.Dns1123LabelPattern, ErrorMessage = "Namespace must be a DNS-1123 label.")]
    public string? Namespace { get; set; }

    public StepResources Resources { get; set; } = new();

    [Range(1, 86_400)]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// At most this many instances of the step run at once in the whole installation (every saga, every replica); the
    /// rest wait as scheduled. 0: no limit.
    /// </summary>
    [Range(0, 100_000)]
    public int MaxRunning { get; set; }

    public StepRetryPolicy Retry { get; set; } = new();

    /// <summary>One instance per user of the onboarding instead of one per saga.</summary>
    public bool PerUser { get; set; }

    /// <summary>For per-user steps: which users the step runs for (see <see cref="UserCondition"/>); null means all.</summary>
    public string? Condition { get; set; }

    /// <summary>The step that undoes this one; null when it cannot be undone (an email cannot be unsent).</summary>
    public string? Compensation { get; set; }

    /// <summary>
    /// Later steps need what this step reports on its result subject (say the id of what it created): an attempt that
    /// ends well without having reported it counts as failed.
    /// </summary>
    public bool RequiresOutput { get; set; }

    public string? Description { get; set; }
}
