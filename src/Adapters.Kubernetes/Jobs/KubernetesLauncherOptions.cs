using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>Configuration section <c>Kubernetes</c>: where the cluster is and how step Jobs are shaped and followed.</summary>
internal sealed partial class KubernetesLauncherOptions : IValidatableObject
{
    public const string SectionName = "Kubernetes";

    /// <summary>False keeps the local process launcher even when a kubeconfig is at hand.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Path of a kubeconfig file; else KUBECONFIG, else the in-cluster service account.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Context inside the kubeconfig; null means its current context.</summary>
    public string? Context { get; set; }

    /// <summary>For steps whose catalog entry names no namespace.</summary>
    [RegularExpression("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", ErrorMessage = "DefaultNamespace must be a DNS-1123 label.")]
    public string DefaultNamespace { get; set; } = "knapscen-jobs";

    /// <summary>Finished Jobs linger this long for inspection (and for a watcher that was away to see them).</summary>
    [Range(0, 604_800)]
    public int TtlSecondsAfterFinished { get; set; } = 300;

    /// <summary>Tries of one API call when the API server answers 5xx/429, times out or cannot be reached.</summary>
    [Range(1, 20)]
    public int ApiAttempts { get; set; } = 5;

    /// <summary>The server ends each watch after this long; the watcher resumes from its last resource version.</summary>
    [Range(10, 3_600)]
    public int WatchTimeoutSeconds { get; set; } = 240;

    /// <summary>
    /// The non-root user (and group) every step container runs as: the restricted Pod Security Standard forbids root,
    /// and an image's own user may be root. 1654 is the user <c>app</c> of the .NET images and of this project's image.
    /// </summary>
    [Range(1, int.MaxValue)]
    public long RunAsUser { get; set; } = 1654;

    [Range(1, int.MaxValue)]
    public long RunAsGroup { get; set; } = 1654;

    /// <summary>Secrets (in the Job's namespace) the kubelet uses to pull step images from a private registry.</summary>
    public List<string> ImagePullSecrets { get; set; } = [];

    /// <summary>How many reported Job names are remembered, so a re-list does not publish them all again.</summary>
    [Range(1, 1_000_000)]
    public int RememberedJobs { get; set; } = 10_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        ImagePullSecrets
            .Where(name => name is null || !SecretName().IsMatch(name))
            .Select(name => new ValidationResult(
                $"Kubernetes:ImagePullSecrets entry '{name}' is not a valid secret name (a DNS-1123 subdomain).", [nameof(ImagePullSecrets)]));

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
