namespace Knapscen.Sagas.Adapters.Nats.Topology;

/// <summary>Stream and subject names for one installation, derived from its subject prefix.</summary>
public sealed class JetStreamNames(string subjectPrefix)
{
    private readonly string streamPrefix = subjectPrefix.TrimEnd('.').Replace('-', '_').ToUpperInvariant();

    public string IntakeStream => Stream("KNAPSCEN");

    public string DeadLetterStream => Stream("KNAPSCEN_DEADLETTER");

    public string OutcomeStream => Stream("KNAPSCEN_OUTCOMES");

    public string Subject(string name) => subjectPrefix + name;

    public IReadOnlyList<string> IntakeSubjects =>
        [.. KnapscenSubjects.Choreography.Select(Subject), Subject(KnapscenSubjects.OwnIntakeWildcard), Subject(KnapscenSubjects.LaunchResultsWildcard)];

    private string Stream(string name) => streamPrefix.Length == 0 ? name : $"{streamPrefix}_{name}";
}
