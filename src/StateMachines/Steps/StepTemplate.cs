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
///              | step.name | step.attempt | step.launch_id
///              | trace.parent
/// path        := segment ( "." segment )*                a segment of digits indexes an array
/// </code>
/// <c>event.*</c> is the customer-registered CloudEvent that started the saga; <c>event.data</c> alone is the whole data
/// object as compact JSON (what the original Jobs got from <c>toJson</c>); a path ending on an object or array gives its
/// compact JSON, a string its text, a number or boolean its JSON text; JSON null counts as missing.
/// <c>event.time</c> is RFC 3339 in UTC; <c>user.*</c> is only allowed in per-user steps.
/// Without "?", a missing value fails the launch with a <see cref="StepLaunchException"/>.
/// </summary>
internal sealed class StepTemplate
{
    private static readonly HashSet<string> Fixed = new(StringComparer.Ordinal)
    {
        "event.id", "event.source", "event.type", "event.time", "event.subject", "event.data",
        "user.name", "user.email", "user.role", "user.index",
        "saga.id", "saga.user_count",
        "step.name", "step.attempt", "step.launch_id",
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

        throw new FormatException(
            $"Unknown placeholder ${{{body}}}; known: {string.Join(", ", Fixed.Order(StringComparer.Ordinal))}, event.data.<path>.");
    }
}
