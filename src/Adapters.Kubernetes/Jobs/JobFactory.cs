using k8s.Models;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>
/// Shapes the Job for one attempt: one pod, never restarted, never retried by Kubernetes (the saga owns retries), locked
/// down as the restricted Pod Security Standard asks: a non-root user, a read-only root file system with only /tmp
/// writable, no privilege escalation, no capabilities, the runtime's default seccomp profile.
/// </summary>
internal static class JobFactory
{
    public const string ContainerName = "step";

    /// <summary>The one writable place of a step container (an emptyDir): temporary files, the e-mail outbox.</summary>
    public const string ScratchPath = "/tmp";

    private const string ScratchVolume = "tmp";

    public static V1Job Create(StepLaunchRequest request, StepDefinition? definition, string @namespace, KubernetesLauncherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var labels = JobLabels.For(request);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(request.TraceParent))
        {
            annotations[JobLabels.TraceParentAnnotation] = request.TraceParent;
        }

        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = request.LaunchId,
                NamespaceProperty = @namespace,
                Labels = labels,
                Annotations = annotations.Count > 0 ? annotations : null,
            },
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                Parallelism = 1,
                Completions = 1,
                ActiveDeadlineSeconds = DeadlineSeconds(request.Timeout),
                TtlSecondsAfterFinished = options.TtlSecondsAfterFinished,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",

                        // Steps talk to NATS and the database, never to the Kubernetes API.
                        AutomountServiceAccountToken = false,
                        SecurityContext = new V1PodSecurityContext
                        {
                            RunAsNonRoot = true,
                            RunAsUser = options.RunAsUser,
                            RunAsGroup = options.RunAsGroup,
                            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                        },
                        ImagePullSecrets = options.ImagePullSecrets.Count > 0
                            ? [.. options.ImagePullSecrets.Select(name => new V1LocalObjectReference { Name = name })]
                            : null,
                        Containers = [Container(request, definition)],
                        Volumes = [new V1Volume { Name = ScratchVolume, EmptyDir = new V1EmptyDirVolumeSource() }],
                    },
                },
            },
        };
    }

    /// <summary>Kubernetes counts whole seconds; rounding up never cuts a step shorter than the saga allowed.</summary>
    internal static long DeadlineSeconds(TimeSpan timeout) => Math.Max(1, (long)Math.Ceiling(timeout.TotalSeconds));

    private static V1Container Container(StepLaunchRequest request, StepDefinition? definition)
    {
        var env = request.Environment
            // The request's trace context wins over a catalog value, as with the local launcher.
            .Where(pair => string.IsNullOrEmpty(request.TraceParent) || pair.Key != "TRACEPARENT")
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new V1EnvVar { Name = pair.Key, Value = pair.Value })
            .ToList();
        if (!string.IsNullOrEmpty(request.TraceParent))
        {
            env.Add(new V1EnvVar { Name = "TRACEPARENT", Value = request.TraceParent });
        }

        var secrets = definition?.EnvFrom ?? [];
        return new V1Container
        {
            Name = ContainerName,
            Image = string.IsNullOrEmpty(definition?.ImageDigest) ? request.Image : $"{request.Image}@{definition.ImageDigest}",
            Command = request.Command.Count > 0 ? [.. request.Command] : null,
            Env = env,
            EnvFrom = secrets.Count > 0
                ? [.. secrets.Select(name => new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = name } })]
                : null,
            Resources = Resources(definition?.Resources),

            // A step says why it failed in its last line on stderr; without a termination message file the kubelet
            // keeps the log's tail, which the Job watcher puts into the saga's error.
            TerminationMessagePolicy = "FallbackToLogsOnError",
            SecurityContext = new V1SecurityContext
            {
                AllowPrivilegeEscalation = false,
                ReadOnlyRootFilesystem = true,
                Capabilities = new V1Capabilities { Drop = ["ALL"] },
            },
            VolumeMounts = [new V1VolumeMount { Name = ScratchVolume, MountPath = ScratchPath }],
        };
    }

    private static V1ResourceRequirements? Resources(StepResources? resources)
    {
        var requests = Amounts(resources?.Requests);
        var limits = Amounts(resources?.Limits);
        return requests is null && limits is null ? null : new V1ResourceRequirements { Requests = requests, Limits = limits };
    }

    private static Dictionary<string, ResourceQuantity>? Amounts(ResourceAmounts? amounts)
    {
        var result = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(amounts?.Cpu))
        {
            result["cpu"] = new ResourceQuantity(amounts.Cpu);
        }

        if (!string.IsNullOrEmpty(amounts?.Memory))
        {
            result["memory"] = new ResourceQuantity(amounts.Memory);
        }

        return result.Count > 0 ? result : null;
    }
}
