using System.Text.Json;
using System.Text.Json.Nodes;
using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>
/// The one wire shape of the orchestrator's own step results (<c>io.knapscen.sagas.step.*</c>): written by the
/// result publisher (Job watcher, local launcher), checked and read by the intake. Field names live here only.
/// </summary>
internal sealed record StepResultData(string Step, int Attempt, string LaunchId, int? UserIndex, string? Error, string LaunchToken)
{
    private const string StepField = "step";
    private const string AttemptField = "attempt";
    private const string LaunchIdField = "launch_id";
    private const string UserIndexField = "user_index";
    private const string ErrorField = "error";
    private const string LaunchTokenField = "launch_token";

    /// <param name="launchToken">The launch's token (LaunchTokens): what the intake checks the result against.</param>
    public static StepResultData From(StepResult result, string launchToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Step, result.Attempt, result.LaunchId, result.UserIndex, result.Succeeded ? null : result.Error ?? "failed without a reason", launchToken);
    }

    public static string TypeOf(bool succeeded) => succeeded ? KnapscenEventTypes.StepSucceeded : KnapscenEventTypes.StepFailed;

    /// <summary>Derived from the launch, so the same result reported twice has one id (and one Nats-Msg-Id).</summary>
    public static string IdOf(string launchId, bool succeeded) => $"{launchId}.{(succeeded ? "succeeded" : "failed")}";

    /// <exception cref="InvalidCloudEventException">A field is missing or of the wrong kind; the reason names it.</exception>
    public static StepResultData Read(JsonElement data, bool failed)
    {
        var step = JsonFields.RequiredString(data, "data", StepField);
        var attempt = JsonFields.RequiredInteger(data, "data", AttemptField, minimum: 1);
        var launchId = JsonFields.RequiredString(data, "data", LaunchIdField);
        var userIndex = JsonFields.OptionalInteger(data, "data", UserIndexField, minimum: 0);
        var error = failed ? JsonFields.RequiredString(data, "data", ErrorField) : JsonFields.OptionalString(data, "data", ErrorField);
        var launchToken = JsonFields.RequiredString(data, "data", LaunchTokenField);
        return new StepResultData(step, attempt, launchId, userIndex, error, launchToken);
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            [StepField] = Step,
            [AttemptField] = Attempt,
            [LaunchIdField] = LaunchId,
            [UserIndexField] = UserIndex,
            [LaunchTokenField] = LaunchToken,
        };
        if (Error is not null)
        {
            json[ErrorField] = Error;
        }

        return json;
    }

    public StepSucceeded ToSucceeded(Guid sagaId) => new()
    {
        SagaId = sagaId,
        Step = Step,
        UserIndex = UserIndex,
        Attempt = Attempt,
        LaunchId = LaunchId,
    };

    public StepFailed ToFailed(Guid sagaId) => new()
    {
        SagaId = sagaId,
        Step = Step,
        UserIndex = UserIndex,
        Attempt = Attempt,
        LaunchId = LaunchId,
        Reason = Error!,
    };
}
