namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>One built-in step: its catalog name, what `knapscen step --help` says about it, and the work.</summary>
internal sealed record StepWorker(string Name, string Description, Func<StepEnvironment, CancellationToken, Task<StepOutcome>> Run);
