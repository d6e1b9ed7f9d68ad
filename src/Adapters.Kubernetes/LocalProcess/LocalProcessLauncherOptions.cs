using System.ComponentModel.DataAnnotations;

namespace Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;

/// <summary>Configuration section <c>LocalLauncher</c>: how images map to local commands, and what stands in for secrets.</summary>
internal sealed class LocalProcessLauncherOptions
{
    public const string SectionName = "LocalLauncher";

    /// <summary>Used for an image without an entry in <c>Images</c> when the step has no Command of its own.</summary>
    public List<string> DefaultCommand { get; set; } = [];

    /// <summary>Secret name → variables, standing in for the Kubernetes secrets that steps list in EnvFrom.</summary>
    public Dictionary<string, Dictionary<string, string>> Secrets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Folder for one log file per launch; null means the system temp folder's <c>knapscen-steps</c>.</summary>
    public string? LogDirectory { get; set; }

    /// <summary>How long shutdown waits for running steps to finish and report before it kills them.</summary>
    [Range(1, 3_600)]
    public int ShutdownTimeoutSeconds { get; set; } = 20;

    /// <summary>How many finished launch ids are remembered for duplicate detection.</summary>
    [Range(0, 1_000_000)]
    public int RememberedLaunches { get; set; } = 10_000;

    [Range(1, 10_080)]
    public int RememberMinutes { get; set; } = 60;

    /// <summary>
    /// Image → command. Filled by <see cref="ImageCommandMapReader"/>, not the binder: image references carry ':' (the tag),
    /// which configuration treats as a key separator. Internal so the binder leaves it alone.
    /// </summary>
    internal Dictionary<string, IReadOnlyList<string>> Images { get; set; } = new(StringComparer.Ordinal);

    internal List<string> ImageMapErrors { get; } = [];

    public string ResolveLogDirectory() =>
        string.IsNullOrWhiteSpace(LogDirectory) ? Path.Combine(Path.GetTempPath(), "knapscen-steps") : LogDirectory;
}
