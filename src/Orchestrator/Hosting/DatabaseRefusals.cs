using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.Hosting;

/// <summary>
/// MariaDB answers a plain connection to a server with <c>require_secure_transport=ON</c> with a bare "Access denied",
/// indistinguishable from a wrong password: when the connection was not encrypted, say so and name the setting to change.
/// </summary>
internal static class DatabaseRefusals
{
    public static string Explain(MySqlException error, MySqlSslMode sslMode, string sslSetting)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message.ReplaceLineEndings(" ");
        return error.ErrorCode == MySqlErrorCode.AccessDenied && sslMode == MySqlSslMode.None
            ? $"{message} (the connection was not encrypted: {sslSetting} is None; a server that requires secure transport refuses it this way; use VerifyCA with the server's CA)"
            : message;
    }
}
