namespace Knapscen.Sagas.Orchestrator.Api.Security;

/// <summary>The roles a token can have (<c>Api:Tokens:&lt;name&gt;:Role</c>) and the policies built on them.</summary>
internal static class ApiRoles
{
    public const string Admin = "admin";

    public const string ReadOnly = "read-only";

    /// <summary>Any valid token: reading sagas.</summary>
    public const string ReadPolicy = "api-read";

    /// <summary>Admin tokens only: anything that changes a saga or publishes an event.</summary>
    public const string AdminPolicy = "api-admin";

    public static bool IsKnown(string role) => role is Admin or ReadOnly;
}
