using Microsoft.Extensions.Configuration;

namespace Knapscen.Sagas.Orchestrator.WebConsole;

/// <summary>Configuration section <c>Console</c>.</summary>
internal sealed record ConsoleSettings(string? TraceUrlTemplate)
{
    public const string Section = "Console";

    public const string TraceIdPlaceholder = "{traceId}";

    /// <exception cref="Cli.OperatorException">The trace template has no <c>{traceId}</c> or is not an absolute http(s) address.</exception>
    public static ConsoleSettings From(IConfiguration configuration)
    {
        var template = configuration.GetSection(Section)["TraceUrlTemplate"];
        if (string.IsNullOrWhiteSpace(template))
        {
            return new ConsoleSettings((string?)null);
        }

        if (!template.Contains(TraceIdPlaceholder, StringComparison.Ordinal)
            || !Uri.TryCreate(template.Replace(TraceIdPlaceholder, "0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            throw new Cli.OperatorException(
                $"Console:TraceUrlTemplate (Console__TraceUrlTemplate) '{template}' must be an http(s) address containing {TraceIdPlaceholder}, " +
                "for example http://jaeger:16686/trace/{traceId}");
        }

        return new ConsoleSettings(template);
    }

    public string? TraceUrl(string? traceId) =>
        TraceUrlTemplate is null || traceId is null ? null : TraceUrlTemplate.Replace(TraceIdPlaceholder, Uri.EscapeDataString(traceId), StringComparison.Ordinal);
}
