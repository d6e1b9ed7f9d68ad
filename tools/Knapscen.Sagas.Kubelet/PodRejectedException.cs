namespace Knapscen.Sagas.Kubelet;

/// <summary>The pod cannot be started as specified (a kubelet's CreateContainerConfigError); the message says why.</summary>
public sealed class PodRejectedException(string message) : Exception(message);
