using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Knapscen.Sagas.Orchestrator.Cli;

/// <summary><c>knapscen dead-letters list|replay|discard</c>: the dead-letter stream through serve's API.</summary>
internal static class DeadLettersCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create() => new("dead-letters", "Events the intake could not use: list them, replay them to their original subject after a fix, or discard them.")
    {
        List(),
        Act("replay", "Publish dead letters again to their original subjects (as kept, or one with --body-file) and remove them from the dead letters."),
        Act("discard", "Remove dead letters for good."),
    };

    private static Option<string?> ApiUrlOption() => new("--api-url")
    {
        Description = $"The running orchestrator's API (default: Api:Url, else {Api.ListenUrls.Default}); the bearer token comes from {OrchestratorApiClient.TokenVariable}.",
    };

    private static Command List()
    {
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first (1 to 500).", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 500)
            {
                result.AddError("--limit must be between 1 and 500");
            }
        });
        var output = new Option<string>("--output", "-o") { Description = "table (default) or json", DefaultValueFactory = _ => "table" }.AcceptOnlyFromAmong("table", "json");
        var apiUrl = ApiUrlOption();
        var command = new Command("list", "The newest dead letters: sequence, time, original subject, reason.") { limit, output, apiUrl };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var api = OrchestratorApiClient.Create(parsed.GetValue(apiUrl));
            var list = await api.SendJsonAsync<LetterList>(
                HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"api/dead-letters?limit={parsed.GetValue(limit)}"), null, cancellationToken).ConfigureAwait(false);
            if (parsed.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(list, Json));
                return KnapscenCli.Success;
            }

            var table = new ColumnTable("Seq", "Time (UTC)", "Original subject", "Reason");
            foreach (var letter in list.Items)
            {
                table.AddRow(
                    letter.Sequence.ToString(CultureInfo.InvariantCulture),
                    letter.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    letter.OriginalSubject,
                    letter.Reason);
            }

            table.Write();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{list.Items.Count} of {list.Total} dead letter(s)"));
            return KnapscenCli.Success;
        });
        return command;
    }

    private static Command Act(string name, string description)
    {
        var sequences = new Argument<ulong[]>("sequence") { Description = "Dead letters' sequence numbers (from list).", Arity = ArgumentArity.OneOrMore };
        var apiUrl = ApiUrlOption();
        var command = new Command(name, description) { sequences, apiUrl };
        Option<FileInfo>? bodyFile = null;
        if (name == "replay")
        {
            bodyFile = new Option<FileInfo>("--body-file") { Description = "Replay one dead letter with this file as its body (the fixed event)." };
            bodyFile.AcceptExistingOnly();
            command.Add(bodyFile);
            command.Validators.Add(result =>
            {
                if (result.GetValue(bodyFile) is not null && result.GetValue(sequences)?.Length != 1)
                {
                    result.AddError("--body-file fixes one dead letter: give exactly one sequence number");
                }
            });
        }

        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var api = OrchestratorApiClient.Create(parsed.GetValue(apiUrl));
            var numbers = parsed.GetValue(sequences)!;
            IReadOnlyList<Answer> answers;
            if (bodyFile is not null && parsed.GetValue(bodyFile) is { } file)
            {
                var body = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
                answers = [await api.SendJsonAsync<Answer>(
                    HttpMethod.Post, string.Create(CultureInfo.InvariantCulture, $"api/dead-letters/{numbers[0]}/replay"), new { body }, cancellationToken).ConfigureAwait(false)];
            }
            else
            {
                answers = await api.SendJsonAsync<List<Answer>>(HttpMethod.Post, $"api/dead-letters/{name}", new { sequences = numbers }, cancellationToken).ConfigureAwait(false);
            }

            foreach (var answer in answers)
            {
                var line = string.Create(CultureInfo.InvariantCulture, $"dead letter {answer.Sequence}: {answer.Message}");
                if (answer.Done)
                {
                    Console.WriteLine(line);
                }
                else
                {
                    await Console.Error.WriteLineAsync(line).ConfigureAwait(false);
                }
            }

            return answers.All(answer => answer.Done) ? KnapscenCli.Success : KnapscenCli.Failed;
        });
        return command;
    }

    private sealed record Letter(ulong Sequence, DateTimeOffset Time, string Reason, string OriginalSubject, string Body);

    private sealed record LetterList(IReadOnlyList<Letter> Items, long Total);

    private sealed record Answer(ulong Sequence, bool Done, string Message);
}
