using System.Text;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// An environment value template: literal text with placeholders.
/// <code>
/// template    := ( text | "$${" | placeholder )*        "$${" writes a literal "${"
/// placeholder := "${" expression [ "?" ] "}"            "?" = optional: a missing value renders as ""
/// expression  := event.id | event.source | event.type | event.time | event.subject
///              | event.data | event.data.&lt;path&gt;
///              | user.name | user.email | user.role | user.index
///              | saga.id | saga.user_count
///              | step.name | step.attempt | step.launch_id | step.result_subject
///              | trace.parent
///              | steps.&lt;step&gt;.output.( type | subject | id | source | data | data.&lt;path&gt; )
/// path        := segment ( "." segment )*                a segment of digits indexes an array
/// </code>
/// <c>event.*</c> is the customer-registered CloudEvent that started the saga; <c>event.data</c> alone is the whole data
/// object as compact JSON (what the original Jobs got from <c>toJson</c>); a path ending on an object or array gives its
/// compact JSON, a string its text, a number or boolean its JSON text; JSON null counts as missing.
/// <c>event.time</c> is RFC 3339 in UTC; <c>user.*</c> is only allowed in per-user steps.
/// <c>step.result_subject</c> is where this launch publishes its own result event (give it as NATS_SUBJECT).
/// <c>steps.&lt;step&gt;.output.*</c> is the result event an earlier step published there (its latest attempt's): of the
/// same user's instance when both steps run per user, else of the step's only instance; <c>data</c> walks like
/// <c>event.data</c>. An output not (yet) reported is missing.
/// Without "?", a missing value fails the launch with a <see cref="StepLaunchException"/>.
/// </summary>
internal sealed class StepTemplate
{
    private static readonly HashSet<string> Fixed = new(StringComparer.Ordinal)
    {
        "event.id", "event.source", "event.type", "event.time", "event.subject", "event.data",
        "user.name", "user.email", "user.role", "user.index",
        "saga.id", "saga.user_count",
        "step.name", "step.attempt", "step.launch_id", "step.result_subject",
        "trace.parent",
    };

    private readonly IReadOnlyList<object> parts;

    private StepTemplate(IReadOnlyList<object> parts) => this.parts = parts;

    public IEnumerable<StepPlaceholder> Placeholders => parts.OfType<StepPlaceholder>();

    /// <summary>Parses at catalog validation time, so a typo fails the start-up rather than a saga.</summary>
    public static StepTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<object>();
        var literal = new StringBuilder();
        var position = 0;
        while (position < text.Length)
        {
            if (string.CompareOrdinal(text, position, "$${", 0, 3) == 0)
            {
                literal.Append("${");
                position += 3;
                continue;
            }

            if (string.CompareOrdinal(text, position, "${", 0, 2) != 0)
            {
                literal.Append(text[position]);
                position++;
                continue;
            }

            var end = text.IndexOf('}', position + 2);
            if (end < 0)
            {
                throw new FormatException($"Unterminated placeholder at position {position} in '{text}'.");
            }

            if (literal.Length > 0)
            {
                parts.Add(literal.ToString());
                literal.Clear();
            }

            parts.Add(ParsePlaceholder(text[(position + 2)..end]));
            position = end + 1;
        }

        if (literal.Length > 0)
        {
            parts.Add(literal.ToString());
        }

        return new StepTemplate(parts);
    }

    /// <param name="variable">The environment variable being resolved, named in the error.</param>
    public string Render(StepTemplateScope scope, string variable)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var result = new StringBuilder();
        foreach (var part in parts)
        {
            if (part is string text)
            {
                result.Append(text);
                continue;
            }

            var placeholder = (StepPlaceholder)part;
            if (scope.TryResolve(placeholder, out var value, out var reason))
            {
                result.Append(value);
            }
            else if (!placeholder.Optional)
            {
                throw new StepLaunchException(
                    $"Step '{scope.Step}': environment variable {variable}: placeholder ${{{placeholder.Expression}}} could not be resolved: {reason}.");
            }
        }

        return result.ToString();
    }

    private static StepPlaceholder ParsePlaceholder(string body)
    {
        var optional = body.EndsWith('?');
        var expression = optional ? body[..^1] : body;
        if (Fixed.Contains(expression))
        {
            return new StepPlaceholder(expression, [], optional);
        }

        const string dataPrefix = "event.data.";
        if (expression.StartsWith(dataPrefix, StringComparison.Ordinal))
        {
            var path = expression[dataPrefix.Length..].Split('.');
            if (path.Any(segment => segment.Length == 0 || segment.Any(char.IsWhiteSpace)))
            {
                throw new FormatException($"Placeholder ${{{body}}} has an empty or blank path segment.");
            }

            return new StepPlaceholder("event.data", path, optional, expression);
        }

        if (expression.StartsWith(StepPlaceholder.OutputPrefix, StringComparison.Ordinal))
        {
            return ParseOutput(body, expression, optional);
        }

        throw new FormatException(
            $"Unknown placeholder ${{{body}}}; known: {string.Join(", ", Fixed.Order(StringComparer.Ordinal))}, event.data.<path>, steps.<step>.output.<field>.");
    }

    /// <summary><c>steps.&lt;step&gt;.output.&lt;field&gt;[.&lt;path&gt;]</c>; step names never contain dots (DNS labels).</summary>
    private static StepPlaceholder ParseOutput(string body, string expression, bool optional)
    {
        var segments = expression[StepPlaceholder.OutputPrefix.Length..].Split('.');
        if (segments.Length < 3 || segments[1] != "output" || segments.Any(segment => segment.Length == 0 || segment.Any(char.IsWhiteSpace)))
        {
            throw new FormatException($"Placeholder ${{{body}}} must read steps.<step>.output.<field>, e.g. steps.register-customer.output.subject.");
        }

        var field = segments[2];
        var path = segments[3..];
        var known = field == "data" || (path.Length == 0 && StepPlaceholder.OutputAttributes.Contains(field));
        if (!known)
        {
            throw new FormatException(
                $"Placeholder ${{{body}}}: unknown output field; known: {string.Join(", ", StepPlaceholder.OutputAttributes)}, data, data.<path>.");
        }

        return new StepPlaceholder("steps.output." + field, path, optional, expression) { OutputStep = segments[0] };
    }
}
