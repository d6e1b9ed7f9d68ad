namespace Knapscen.Sagas.Orchestrator.Api.Security;

/// <summary>A configured bearer token. Only its SHA-256 is kept, so the secret is not held in a readable field.</summary>
internal sealed record ApiToken(string Name, string Role, byte[] SecretHash);
