using System.Globalization;
using System.Text.RegularExpressions;
using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// Which users a per-user step runs for. Deliberately tiny, one comparison:
/// <code>
/// condition := field op value
/// field     := user.name | user.email | user.role | user.index
/// op        := == | !=
/// value     := bare word of [A-Za-z0-9_.@+-] | 'single quoted' | "double quoted"
/// </code>
/// Comparison is ordinal and case-sensitive; spaces around tokens are ignored. Example: <c>user.role == customer_account_owner</c>.
/// </summary>
internal sealed partial record UserCondition(string Field, bool Equal, string Value)
{
    public static UserCondition Parse(string text)
    {
        var match = Grammar().Match(text);
        if (!match.Success)
        {
            throw new FormatException(
                $"Condition '{text}' is not of the form 'user.<name|email|role|index> (==|!=) <value>'.");
        }

        var value = match.Groups["single"].Success ? match.Groups["single"].Value
            : match.Groups["double"].Success ? match.Groups["double"].Value
            : match.Groups["bare"].Value;
        return new UserCondition(match.Groups["field"].Value, match.Groups["op"].Value == "==", value);
    }

    public bool Matches(OnboardingUser user, int index)
    {
        ArgumentNullException.ThrowIfNull(user);
        var actual = Field switch
        {
            "name" => user.Name,
            "email" => user.Email,
            "role" => user.Role,
            _ => index.ToString(CultureInfo.InvariantCulture),
        };
        return string.Equals(actual, Value, StringComparison.Ordinal) == Equal;
    }

    [GeneratedRegex(
        """^\s*user\.(?<field>name|email|role|index)\s*(?<op>==|!=)\s*(?:'(?<single>[^']*)'|"(?<double>[^"]*)"|(?<bare>[A-Za-z0-9_.@+\-]+))\s*$""",
        RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
