using System.Globalization;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>
/// Labels put on every step Job and its pods. They carry what the watcher needs to rebuild a <see cref="StepResult"/>
/// from the Job alone, so results survive an orchestrator restart without any local state.
/// </summary>
internal static class JobLabels
{
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    public const string ManagedByValue = "knapscen-sagas";

    public const string SagaId = "sagas.knapscen.io/saga-id";

    public const string Step = "sagas.knapscen.io/step";

    public const string Attempt = "sagas.knapscen.io/attempt";

    public const string UserIndex = "sagas.knapscen.io/user-index";

    public const string TraceParentAnnotation = "sagas.knapscen.io/traceparent";

    /// <summary>Selects every Job this orchestrator launched, whatever the saga.</summary>
    public const string ManagedSelector = ManagedBy + "=" + ManagedByValue;

    public static string SagaSelector(Guid sagaId) => $"{ManagedSelector},{SagaId}={sagaId:N}";

    public static Dictionary<string, string> For(StepLaunchRequest request)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ManagedBy] = ManagedByValue,
            [SagaId] = request.SagaId.ToString("N"),
            [Step] = request.Step,
            [Attempt] = request.Attempt.ToString(CultureInfo.InvariantCulture),
        };
        if (request.UserIndex is { } userIndex)
        {
            labels[UserIndex] = userIndex.ToString(CultureInfo.InvariantCulture);
        }

        return labels;
    }

    /// <summary>Null when the labels are not ours or were edited into something unreadable.</summary>
    public static JobIdentity? Read(string? name, IDictionary<string, string>? labels)
    {
        if (string.IsNullOrEmpty(name) || labels is null
            || !labels.TryGetValue(SagaId, out var sagaText) || !Guid.TryParseExact(sagaText, "N", out var sagaId)
            || !labels.TryGetValue(Step, out var step) || string.IsNullOrEmpty(step)
            || !labels.TryGetValue(Attempt, out var attemptText)
            || !int.TryParse(attemptText, NumberStyles.None, CultureInfo.InvariantCulture, out var attempt))
        {
            return null;
        }

        int? userIndex = null;
        if (labels.TryGetValue(UserIndex, out var userText))
        {
            if (!int.TryParse(userText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return null;
            }

            userIndex = index;
        }

        return new JobIdentity(sagaId, step, userIndex, attempt, name);
    }
}
