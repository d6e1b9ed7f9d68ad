using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Knapscen.Sagas.Orchestrator.Operations;

namespace Knapscen.Sagas.Orchestrator.Cli;

/// <summary><c>knapscen sagas list|show|retry|compensate|cancel</c>.</summary>
internal static class SagasCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create() => new("sagas", "Inspect sagas and act on stuck ones.")
    {
        List(),
        Show(),
        Act("retry", "Re-run the failed or stuck steps as new attempts (or resume a saga that needs attention)."),
        Act("compensate", "Undo the completed steps in reverse order now (or retry failed compensations)."),
        Act("cancel", "Stop the saga; running steps are cancelled and nothing is undone."),
    };

    private static Option<string?> ApiUrlOption() => new("--api-url")
    {
        Description = $"The running orchestrator's API (default: Api:Url, else {Api.ListenUrls.Default}); the bearer token comes from {OrchestratorApiClient.TokenVariable}.",
    };

    private static Option<string> OutputOption() => new Option<string>("--output", "-o")
    {
        Description = "table (default) or json",
        DefaultValueFactory = _ => "table",
    }.AcceptOnlyFromAmong("table", "json");

    private static Command List()
    {
        var state = new Option<string?>("--state") { Description = "Only sagas in this state." };
        state.AcceptOnlyFromAmong([.. SagaListFilter.States]);
        var stuck = new Option<bool>("--stuck") { Description = "Only stuck sagas (NeedsAttention, no progress for a while, or an overdue deadline)." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only sagas created at or after this time (ISO-8601)." };
        var customer = new Option<string?>("--customer") { Description = "Customer name or saga id contains this text." };
        var page = new Option<int>("--page") { Description = "Page number, from 1.", DefaultValueFactory = _ => 1 };
        page.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--page must be 1 or more");
            }
        });
        var pageSize = new Option<int>("--page-size") { Description = $"Sagas per page, 1 to {SagaListFilter.MaxPageSize}.", DefaultValueFactory = _ => 50 };
        pageSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > SagaListFilter.MaxPageSize)
            {
                result.AddError($"--page-size must be between 1 and {SagaListFilter.MaxPageSize}");
            }
        });
        var output = OutputOption();
        var command = new Command("list", "List sagas, newest first.") { state, stuck, since, customer, page, pageSize, output };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var filter = new SagaListFilter(parsed.GetValue(state), parsed.GetValue(stuck), parsed.GetValue(since), parsed.GetValue(customer), parsed.GetValue(page), parsed.GetValue(pageSize));
            using var session = OperatorSession.Open();
            var result = await OperatorSession.GuardAsync(() => session.Sagas.ListAsync(filter, cancellationToken)).ConfigureAwait(false);
            if (parsed.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(result, Json));
            }
            else
            {
                SagaTables.WriteList(result);
            }

            return KnapscenCli.Success;
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<Guid>("id") { Description = "The saga id (the customer UUID)." };
        var output = OutputOption();
        var command = new Command("show", "Show one saga: state, data, every step with its attempts, launch ids, durations and errors.") { id, output };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var session = OperatorSession.Open();
            var sagaId = parsed.GetValue(id);
            var details = await OperatorSession.GuardAsync(() => session.Sagas.GetAsync(sagaId, cancellationToken)).ConfigureAwait(false)
                ?? throw new OperatorException($"there is no saga with id {sagaId}");
            if (parsed.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(details, Json));
            }
            else
            {
                SagaTables.WriteDetails(details);
            }

            return KnapscenCli.Success;
        });
        return command;
    }

    private static Command Act(string name, string description)
    {
        // Text, checked here: an optional Guid argument fails to convert only when read, after validation.
        var id = new Argument<string?>("id") { Description = "The saga id (the customer UUID); without it, every saga matching the filters.", Arity = ArgumentArity.ZeroOrOne };
        id.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !Guid.TryParse(result.Tokens[0].Value, out _))
            {
                result.AddError($"'{result.Tokens[0].Value}' is not a saga id (a UUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301)");
            }
        });
        var reason = new Option<string>("--reason") { Description = "Why; kept on the saga's record.", Required = true };
        reason.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--reason must not be empty");
            }
        });
        var apiUrl = ApiUrlOption();
        var command = new Command(name, $"{description} With filters instead of an id: every matching saga (--dry-run lists them).") { id, reason, apiUrl };
        var bulk = BulkSagaCommand.AddTo(command, id);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var api = OrchestratorApiClient.Create(parsed.GetValue(apiUrl));
            if (parsed.GetValue(id) is not { } idText)
            {
                return await bulk.RunAsync(parsed, name, parsed.GetValue(reason)!, api, cancellationToken).ConfigureAwait(false);
            }

            var sagaId = Guid.Parse(idText, CultureInfo.InvariantCulture);
            var outcome = await api.SendCommandAsync(name, sagaId, parsed.GetValue(reason)!, cancellationToken).ConfigureAwait(false);
            switch (outcome.Status)
            {
                case SagaCommandStatus.Accepted:
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: saga {sagaId} is {outcome.State}: {outcome.Message}"));
                    return KnapscenCli.Success;
                case SagaCommandStatus.Refused:
                    await Console.Error.WriteLineAsync($"{name} refused: saga {sagaId} is {outcome.State}: {outcome.Message}").ConfigureAwait(false);
                    return KnapscenCli.Failed;
                default:
                    await Console.Error.WriteLineAsync(outcome.Message).ConfigureAwait(false);
                    return KnapscenCli.Failed;
            }
        });
        return command;
    }
}
