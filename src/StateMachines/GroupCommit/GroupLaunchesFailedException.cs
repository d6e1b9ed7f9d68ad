namespace Knapscen.Sagas.StateMachines.GroupCommit;

/// <summary>
/// Some events of a group transaction launched steps that failed, which is only known once all the group's launches
/// have been awaited, after later events were applied: the group is rolled back instead of committed. The other
/// events are applied again in a group of their own (their launches are then already launched) and the failed ones
/// alone, with their retries.
/// </summary>
public sealed class GroupLaunchesFailedException : Exception
{
    public GroupLaunchesFailedException()
    {
    }

    public GroupLaunchesFailedException(string message)
        : base(message)
    {
    }

    public GroupLaunchesFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GroupLaunchesFailedException(IReadOnlyList<int> failedApplications, Exception firstFailure)
        : base($"{failedApplications.Count} event(s) of the group failed to launch their steps: {firstFailure.Message}", firstFailure)
    {
        FailedApplications = failedApplications;
    }

    /// <summary>The positions, in the order <see cref="ISagaGroupTransaction.ApplyAsync"/> was called, of the events whose launches failed.</summary>
    public IReadOnlyList<int> FailedApplications { get; } = [];
}
