using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Knapscen.Sagas.Orchestrator.Telemetry;

/// <summary>
/// Console logs: one readable line each by default; one JSON object per line with <c>Logging:Format=json</c>
/// (<c>Logging__Format=json</c>), carrying the logger scopes: <c>SagaId</c> where one saga's work runs and
/// <c>TraceId</c>/<c>SpanId</c> whenever an activity is current.
/// </summary>
internal static class ConsoleLogging
{
    public const string FormatKey = "Logging:Format";
    public const string JsonFormat = "json";

    public static void AddConsoleLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // The host logs a failed start with its stack trace before the exception reaches the command, which prints the
        // one line that names the setting. A faulted background service is still logged: at Critical, with its exception.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        var format = builder.Configuration[FormatKey];
        if (string.Equals(format, JsonFormat, StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
            return;
        }

        if (!string.IsNullOrEmpty(format) && !string.Equals(format, "text", StringComparison.OrdinalIgnoreCase))
        {
            throw new Cli.OperatorException($"{FormatKey} is '{format}'; it must be 'text' or '{JsonFormat}'");
        }

        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
        });
    }
}
