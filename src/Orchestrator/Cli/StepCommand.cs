using System.CommandLine;
using Knapscen.Sagas.Orchestrator.StepWorkers;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.Cli;

/// <summary>
/// Built-in step workers, run by the local launcher (or as a container command). They read the environment contract
/// of the original step containers, exit 0 on success and non-zero with one line on stderr saying why.
/// </summary>
internal static class StepCommand
{
    public static Command Create()
    {
        var registerCustomer = new Command("register-customer", "Insert the corporate customer (CUSTOMER_ID, COMPANY_NAME, SUBSCRIPTION_TIER, DB_*).");
        registerCustomer.SetAction((_, cancellationToken) => RunAsync(RegisterCustomerStep.RunAsync, cancellationToken));
        return new Command("step", "Run one onboarding step in this process (used by the local launcher).") { registerCustomer };
    }

    private static async Task<int> RunAsync(Func<StepEnvironment, CancellationToken, Task<string>> step, CancellationToken cancellationToken)
    {
        try
        {
            Console.WriteLine(await step(StepEnvironment.FromProcess(), cancellationToken).ConfigureAwait(false));
            return KnapscenCli.Success;
        }
        catch (StepFailedException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
        }
        catch (MySqlException e)
        {
            await Console.Error.WriteLineAsync($"database error {e.Number}: {e.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
        }

        return KnapscenCli.Failed;
    }
}
