namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>How many step instances are running, per step and in all.</summary>
public sealed class RunningStepCounts
{
    private readonly Dictionary<string, int> byStep;

    public RunningStepCounts(IReadOnlyDictionary<string, int> byStep)
    {
        ArgumentNullException.ThrowIfNull(byStep);
        this.byStep = new Dictionary<string, int>(byStep, StringComparer.Ordinal);
        Total = this.byStep.Values.Sum();
    }

    public static RunningStepCounts None { get; } = new(new Dictionary<string, int>());

    public int Total { get; private set; }

    public int Of(string step) => byStep.GetValueOrDefault(step);

    /// <summary>These counts with more instances of one step running.</summary>
    public RunningStepCounts With(IEnumerable<string> runningSteps)
    {
        ArgumentNullException.ThrowIfNull(runningSteps);
        var sum = new RunningStepCounts(byStep);
        foreach (var step in runningSteps)
        {
            sum.byStep[step] = sum.byStep.GetValueOrDefault(step) + 1;
            sum.Total++;
        }

        return sum;
    }
}
