using System.CommandLine;

namespace Knapscen.Sagas.Orchestrator.Cli;

/// <summary>The <c>knapscen</c> command. Exit codes: 0 success, 1 refused or failed operation, 2 usage error.</summary>
internal static class KnapscenCli
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Knapscen.Sagas: customer onboarding sagas driven by CloudEvents on NATS, persisted in MySQL.")
        {
            ServeCommand.Create(),
            DemoCommand.Create(),
            PublishCommand.Create(),
            SagasCommand.Create(),
            DeadLettersCommand.Create(),
            DbCommand.Create(),
            StepCommand.Create(),
            MachineCommand.Create(),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Run 'knapscen --help' for usage.").ConfigureAwait(false);
            return UsageError;
        }

        try
        {
            // Our handlers below turn expected failures into one line; the library's would print a stack trace.
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (OperatorException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return Failed;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"invalid configuration: {string.Join("; ", e.Failures)}").ConfigureAwait(false);
            return Failed;
        }
    }
}
