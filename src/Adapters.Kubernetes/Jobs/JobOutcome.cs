using System.Globalization;
using k8s.Models;

namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>
/// A Job's verdict, read from its conditions. Only <c>Complete</c> and <c>Failed</c> with status True count: newer
/// servers add interim conditions (FailureTarget, SuccessCriteriaMet) that must not be taken for the end.
/// </summary>
internal sealed record JobOutcome(bool Succeeded, string? Reason, string? Message)
{
    public const string DeadlineExceeded = "DeadlineExceeded";

    public static JobOutcome? Read(V1Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        foreach (var condition in job.Status?.Conditions ?? [])
        {
            if (!string.Equals(condition.Status, "True", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (condition.Type == "Complete")
            {
                return new JobOutcome(true, condition.Reason, condition.Message);
            }

            if (condition.Type == "Failed")
            {
                return new JobOutcome(false, condition.Reason, condition.Message);
            }
        }

        return null;
    }

    public static bool IsFinished(V1Job job) => Read(job) is not null;

    /// <summary>One line for <c>StepResult.Error</c>; <paramref name="podDetail"/> says how the container ended, when known.</summary>
    public string Describe(V1Job job, string? podDetail)
    {
        ArgumentNullException.ThrowIfNull(job);
        var reason = string.IsNullOrEmpty(Reason) ? "Failed" : Reason;
        var text = string.IsNullOrEmpty(Message) ? reason : $"{reason}: {Message}";
        if (reason == DeadlineExceeded)
        {
            var limit = job.Spec?.ActiveDeadlineSeconds is { } seconds
                ? string.Create(CultureInfo.InvariantCulture, $" after {seconds} s")
                : "";
            text = $"timed out{limit} ({text})";
        }

        return string.IsNullOrEmpty(podDetail) ? text : $"{text}; {podDetail}";
    }
}
