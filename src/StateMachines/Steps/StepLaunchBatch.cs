namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// Launches started by one transition, running side by side and all awaited before its transaction commits (a step is
/// launched before the transition that records it is durable; a launch id makes the relaunch after a rollback a
/// no-op). A group transaction gives each of its events a batch of its own (<see cref="Enter"/>), so the Job creates of
/// different sagas in one transaction do not wait for each other either; without one, the dispatcher awaits its own.
/// </summary>
public sealed class StepLaunchBatch
{
    private static readonly AsyncLocal<StepLaunchBatch?> Ambient = new();

    private readonly List<Task> launches = [];

    /// <summary>The batch launches of the current event join, if its transaction keeps one.</summary>
    public static StepLaunchBatch? Current => Ambient.Value;

    /// <summary>
    /// Makes this the batch of the current async flow. Call it inside the async method that then runs the event: the
    /// value flows into what it awaits and is gone when it returns.
    /// </summary>
    public void Enter() => Ambient.Value = this;

    /// <summary>Waits for every launch, and then throws the first failure, if any.</summary>
    public Task WaitAsync()
    {
        lock (launches)
        {
            return Task.WhenAll(launches);
        }
    }

    /// <summary>Waits for every launch without throwing: for a batch whose transition is undone anyway.</summary>
    public async Task SettleAsync()
    {
        try
        {
            await WaitAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The transition that started these launches was rolled back; only their end matters here.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    internal void Add(Task launch)
    {
        lock (launches)
        {
            launches.Add(launch);
        }
    }
}
