namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>
/// Which due runs may start under the running-step limits, with no I/O: runs are taken in the saga's order while their
/// step's limit and the overall limit leave room; the others wait, and look again at <c>recheckAt</c> unless an event
/// of their saga comes first.
/// </summary>
internal static class RunningStepAdmission
{
    /// <param name="running">Every instance running now, this saga's included.</param>
    /// <param name="stepLimit">A step's limit; 0 for none.</param>
    /// <param name="overallLimit">The limit over all steps; 0 for none.</param>
    public static IReadOnlyList<StepRun> Admit(
        IReadOnlyList<StepRun> due, Steps.RunningStepCounts running, Func<string, int> stepLimit, int overallLimit, DateTimeOffset recheckAt)
    {
        var admitted = new List<StepRun>(due.Count);
        var counts = running;
        foreach (var run in due)
        {
            var limit = stepLimit(run.Step);
            var fits = (limit == 0 || counts.Of(run.Step) < limit) && (overallLimit == 0 || counts.Total < overallLimit);
            if (fits)
            {
                run.WaitingForSlot = false;
                admitted.Add(run);
                counts = counts.With([run.Step]);
            }
            else
            {
                run.WaitingForSlot = true;
                run.Deadline = recheckAt;
            }
        }

        return admitted;
    }
}
