using CloudNative.CloudEvents;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>What a step did (the one stdout line) and, for a forward step, the result event to announce it.</summary>
internal sealed record StepOutcome(string Summary, CloudEvent? ResultEvent = null);
