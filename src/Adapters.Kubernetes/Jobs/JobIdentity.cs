namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>Which saga attempt a Job is, as read back from its name and labels.</summary>
internal sealed record JobIdentity(Guid SagaId, string Step, int? UserIndex, int Attempt, string LaunchId);
