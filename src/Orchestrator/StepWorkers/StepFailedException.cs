namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>A step cannot succeed with this input; its message becomes the one-line reason on stderr.</summary>
internal sealed class StepFailedException(string reason) : Exception(reason);
