using System.Text.Json;
using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Adapters.Nats.Intake;

/// <summary>
/// Binds results to their launches. A launch's own result subject carries its token, so whatever arrives there with
/// the right token is that launch's output, in whatever shape its image uses. The orchestrator's completions
/// (<c>io.knapscen.sagas.step.*</c>) count only on its own result subject and only with the token of the launch they
/// name. Anything else is not a result: the reason says why, and the intake dead-letters it.
/// </summary>
internal sealed class ResultBinding(LaunchTokens tokens, StepResultSubjects resultSubjects, JetStreamNames names)
{
    /// <summary>True when the message came on a launch's result subject (then exactly one of output and reason is set).</summary>
    public bool TryReadOutput(string natsSubject, Func<CloudEvent> decode, out StepOutputReported? output, out string? reason)
    {
        output = null;
        reason = null;
        if (!natsSubject.StartsWith(resultSubjects.Wildcard[..^1], StringComparison.Ordinal))
        {
            return false;
        }

        if (!resultSubjects.TryParse(natsSubject, out var sagaId, out var launchId, out var token))
        {
            reason = $"subject {natsSubject} is not a launch's result subject (knapscen.results.<saga id>.<launch id>.<launch token>)";
            return true;
        }

        if (!tokens.Matches(sagaId, launchId, token))
        {
            reason = $"the launch token in subject {natsSubject} is not the token of launch {launchId} of saga {sagaId}: not that launch's result";
            return true;
        }

        var cloudEvent = decode();
        output = new StepOutputReported
        {
            SagaId = sagaId,
            LaunchId = launchId,
            Type = cloudEvent.Type ?? "",
            Subject = cloudEvent.Subject,
            Id = cloudEvent.Id ?? "",
            Source = cloudEvent.Source?.OriginalString ?? "",
            DataJson = cloudEvent.Data is JsonElement data ? data.GetRawText() : null,
            TraceParent = cloudEvent.GetTraceParent() is { } traceParent && TraceParentFormat.IsValid(traceParent) ? traceParent : null,
        };
        return true;
    }

    /// <summary>Why a valid orchestrator step result is not bound to its launch; null when it is.</summary>
    public string? Check(ValidatedCloudEvent validated, string natsSubject)
    {
        var type = validated.Event.Type;
        if (type is not (KnapscenEventTypes.StepSucceeded or KnapscenEventTypes.StepFailed))
        {
            return null;
        }

        var expected = names.Subject(KnapscenSubjects.StepResults);
        if (natsSubject != expected)
        {
            return $"step results are accepted only on {expected}; this {type} came on {natsSubject}";
        }

        var data = StepResultData.Read(validated.Data, failed: type == KnapscenEventTypes.StepFailed);
        return tokens.Matches(validated.Subject, data.LaunchId, data.LaunchToken)
            ? null
            : $"the launch token is not the token of launch {data.LaunchId} of saga {validated.Subject}: not that launch's result";
    }
}
