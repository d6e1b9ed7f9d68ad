using System.Text.RegularExpressions;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>Name rules shared by the catalog validation and launch ids, so a valid step name is always a valid Job name part.</summary>
internal static partial class NameRules
{
    public const string Dns1123LabelPattern = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

    public const string Dns1123SubdomainPattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    public const string QuantityPattern = "^[0-9]+(\\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$";

    /// <summary>POSIX-portable variable names, which is also what Kubernetes accepts without warnings.</summary>
    public const string EnvironmentVariablePattern = "^[A-Za-z_][A-Za-z0-9_]*$";

    public static bool IsDns1123Label(string value) => Dns1123Label().IsMatch(value);

    public static bool IsDns1123Subdomain(string value) => value.Length <= 253 && Dns1123Subdomain().IsMatch(value);

    public static bool IsEnvironmentVariable(string value) => EnvironmentVariable().IsMatch(value);

    [GeneratedRegex(Dns1123LabelPattern, RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(Dns1123SubdomainPattern, RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex(EnvironmentVariablePattern, RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentVariable();
}
