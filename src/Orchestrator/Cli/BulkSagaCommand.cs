using System.CommandLine;
using System.Text.Json;
using Knapscen.Sagas.Orchestrator.Operations;

namespace Knapscen.Sagas.Orchestrator.Cli;

/// <summary>
/// <c>knapscen sagas retry|compensate|cancel</c> without an id: the command for every saga matching the filter flags,
/// sent to serve's bulk API; <c>--dry-run</c> lists the sagas it would touch. Each saga's answer is printed.
/// </summary>
internal sealed class BulkSagaCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private BulkSagaCommand()
    {
    }

    public Option<string?> State { get; } = new Option<string?>("--state") { Description = "Every saga in this state (without an id)." }
        .AcceptOnlyFromAmong([.. SagaListFilter.States]);

    public Option<bool> Stuck { get; } = new("--stuck") { Description = "Every stuck saga (without an id)." };

    public Option<string?> Customer { get; } = new("--customer") { Description = "Every saga whose customer name or id contains this text (without an id)." };

    public Option<string?> Error { get; } = new("--error") { Description = "Every saga whose errors contain this text (without an id)." };

    public Option<string?> Step { get; } = new("--step") { Description = "Every saga that ran or is running this step (without an id)." };

    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "List the sagas the command would touch; send nothing." };

    public Option<string> Output { get; } = new Option<string>("--output", "-o") { Description = "table (default) or json", DefaultValueFactory = _ => "table" }
        .AcceptOnlyFromAmong("table", "json");

    public static BulkSagaCommand AddTo(Command command, Argument<string?> id)
    {
        var bulk = new BulkSagaCommand();
        command.Add(bulk.State);
        command.Add(bulk.Stuck);
        command.Add(bulk.Customer);
        command.Add(bulk.Error);
        command.Add(bulk.Step);
        command.Add(bulk.DryRun);
        command.Add(bulk.Output);
        command.Validators.Add(result =>
        {
            // Whether an id was given, not its value: a malformed one is the parser's error to report, and cannot be read here.
            var hasId = result.GetResult(id) is { Tokens.Count: > 0 };
            var hasFilter = bulk.HasFilter(result);
            if (hasId == hasFilter)
            {
                result.AddError(hasId
                    ? "give a saga id, or filters (--state, --stuck, --customer, --error, --step), not both"
                    : "give a saga id, or at least one filter (--state, --stuck, --customer, --error, --step) for every saga matching it");
            }
            else if (hasId && result.GetValue(bulk.DryRun))
            {
                result.AddError("--dry-run lists what a filter matches; it takes filters, not a saga id");
            }
        });
        return bulk;
    }

    public async Task<int> RunAsync(ParseResult parsed, string command, string reason, OrchestratorApiClient api, CancellationToken cancellationToken)
    {
        var filter = new
        {
            state = parsed.GetValue(State),
            stuck = parsed.GetValue(Stuck),
            customer = parsed.GetValue(Customer),
            errorText = parsed.GetValue(Error),
            step = parsed.GetValue(Step),
        };
        var dryRun = parsed.GetValue(DryRun);
        var response = await api.SendJsonAsync<BulkResponse>(
            HttpMethod.Post, $"api/sagas/{command}", new { reason, filter, dryRun }, cancellationToken).ConfigureAwait(false);
        if (parsed.GetValue(Output) == "json")
        {
            Console.WriteLine(JsonSerializer.Serialize(response, Json));
        }
        else
        {
            var table = new ColumnTable("Saga", "Answer", "State", "Message");
            foreach (var answer in response.Answers)
            {
                table.AddRow(answer.SagaId.ToString(), answer.Answer, answer.State ?? "", answer.Message ?? "");
            }

            table.Write();
            var done = response.Answers.Count(answer => answer.Answer == "done");
            Console.WriteLine(dryRun
                ? $"{command} would be sent to {response.Matched} saga(s); nothing was sent (--dry-run)"
                : $"{command} sent to {response.Matched} saga(s): {done} done, {response.Matched - done} refused or not found");
        }

        return dryRun || response.Answers.All(answer => answer.Answer == "done") ? KnapscenCli.Success : KnapscenCli.Failed;
    }

    private bool HasFilter(System.CommandLine.Parsing.CommandResult result) =>
        result.GetValue(State) is not null || result.GetValue(Stuck) || result.GetValue(Customer) is not null
        || result.GetValue(Error) is not null || result.GetValue(Step) is not null;

    private sealed record BulkAnswer(Guid SagaId, string Answer, string? State, string? Message);

    private sealed record BulkResponse(string Command, bool DryRun, int Matched, IReadOnlyList<BulkAnswer> Answers);
}
