using System.Text.Json;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>The data of the orchestrator's own step results (<c>io.knapscen.sagas.step.*</c>).</summary>
internal static class StepResultDataRules
{
    public static void Check(JsonElement data, bool failed)
    {
        JsonFields.RequiredString(data, "data", "step");
        JsonFields.RequiredInteger(data, "data", "attempt", minimum: 1);
        JsonFields.RequiredString(data, "data", "launch_id");
        JsonFields.OptionalInteger(data, "data", "user_index", minimum: 0);
        if (failed)
        {
            JsonFields.RequiredString(data, "data", "error");
        }
        else
        {
            JsonFields.OptionalString(data, "data", "error");
        }
    }
}
