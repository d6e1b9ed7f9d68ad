using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>The values placeholders resolve against for one launch: the saga, the step instance and the attempt.</summary>
internal sealed class StepTemplateScope
{
    /// <summary>
    /// Only customer-registered starts an onboarding, and the saga does not store the type, so it is a constant here.
    /// </summary>
    public const string RegistrationEventType = "disco.knapscen.customer.registered";

    private static readonly JsonWriterOptions CompactJson = new()
    {
        Indented = false,

        // Values land in environment variables, never in HTML: keep non-ASCII names readable like Go's json.Marshal.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly CustomerOnboardingState saga;
    private readonly int? userIndex;
    private readonly int attempt;
    private readonly string launchId;
    private readonly string resultSubject;
    private JsonElement? data;

    public StepTemplateScope(CustomerOnboardingState saga, string step, int? userIndex, int attempt, string launchId, string resultSubject)
    {
        this.saga = saga;
        Step = step;
        this.userIndex = userIndex;
        this.attempt = attempt;
        this.launchId = launchId;
        this.resultSubject = resultSubject;
    }

    public string Step { get; }

    public bool TryResolve(StepPlaceholder placeholder, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        value = placeholder.Root switch
        {
            "event.id" => NonEmpty(saga.RegistrationEventId),
            "event.source" => NonEmpty(saga.RegistrationEventSource),
            "event.type" => RegistrationEventType,
            "event.time" => saga.RegistrationEventTime?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
            "event.subject" or "saga.id" => saga.CorrelationId.ToString("D"),
            "saga.user_count" => saga.Users.Count.ToString(CultureInfo.InvariantCulture),
            "step.name" => Step,
            "step.attempt" => attempt.ToString(CultureInfo.InvariantCulture),
            "step.launch_id" => launchId,
            "step.result_subject" => resultSubject,
            "trace.parent" => saga.TraceParent,
            "event.data" => ResolveData(placeholder.DataPath, out reason),
            _ when placeholder.OutputStep is { } outputStep => ResolveOutput(outputStep, placeholder, out reason),
            _ => ResolveUser(placeholder.Root, out reason),
        };

        if (value is null)
        {
            reason ??= "it has no value";
            return false;
        }

        return true;
    }

    private static string? NonEmpty(string text) => text.Length == 0 ? null : text;

    private static string Compact(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactJson))
        {
            element.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private string? ResolveUser(string root, out string? reason)
    {
        reason = null;
        if (userIndex is not { } index)
        {
            reason = "the step does not run per user";
            return null;
        }

        if (index < 0 || index >= saga.Users.Count)
        {
            reason = $"user index {index} is outside the {saga.Users.Count} users of the saga";
            return null;
        }

        var user = saga.Users[index];
        return root switch
        {
            "user.name" => user.Name,
            "user.email" => user.Email,
            "user.role" => user.Role,
            _ => index.ToString(CultureInfo.InvariantCulture),
        };
    }

    private string? ResolveData(IReadOnlyList<string> path, out string? reason)
    {
        reason = null;
        if (data is null)
        {
            try
            {
                using var document = JsonDocument.Parse(saga.RegistrationDataJson);
                data = document.RootElement.Clone();
            }
            catch (JsonException exception)
            {
                reason = $"the registration data is not valid JSON ({exception.Message})";
                return null;
            }
        }

        return Walk(data.Value, "event.data", path, out reason);
    }

    private static string? Walk(JsonElement current, string walked, IReadOnlyList<string> path, out string? reason)
    {
        reason = null;
        foreach (var segment in path)
        {
            if (!TryStep(current, segment, out var next))
            {
                reason = $"{walked} has no '{segment}'";
                return null;
            }

            current = next;
            walked += "." + segment;
        }

        switch (current.ValueKind)
        {
            case JsonValueKind.String:
                return current.GetString();
            case JsonValueKind.Object or JsonValueKind.Array:
                return Compact(current);
            case JsonValueKind.Null or JsonValueKind.Undefined:
                reason = $"{walked} is null";
                return null;
            default:
                return current.GetRawText();
        }
    }

    private string? ResolveOutput(string outputStep, StepPlaceholder placeholder, out string? reason)
    {
        reason = null;
        var run = saga.Steps.FirstOrDefault(candidate => candidate.Step == outputStep && candidate.Compensates is null
            && (candidate.UserIndex == userIndex || candidate.UserIndex is null));
        if (run?.Output is not { } output)
        {
            reason = $"step '{outputStep}' has reported no output{(run is null ? " (it has not run in this saga)" : "")}";
            return null;
        }

        var field = placeholder.Root["steps.output.".Length..];
        switch (field)
        {
            case "type":
                return output.Type;
            case "subject":
                return output.Subject;
            case "id":
                return output.Id;
            case "source":
                return output.Source;
        }

        if (output.DataJson is null)
        {
            reason = $"the output of step '{outputStep}' has no JSON data";
            return null;
        }

        using var document = JsonDocument.Parse(output.DataJson);
        return Walk(document.RootElement, $"steps.{outputStep}.output.data", placeholder.DataPath, out reason);
    }

    private static bool TryStep(JsonElement current, string segment, out JsonElement next)
    {
        next = default;
        if (current.ValueKind == JsonValueKind.Object)
        {
            return current.TryGetProperty(segment, out next);
        }

        if (current.ValueKind == JsonValueKind.Array
            && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && index < current.GetArrayLength())
        {
            next = current[index];
            return true;
        }

        return false;
    }
}
