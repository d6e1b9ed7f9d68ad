namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// Where a launch publishes its own result event (its container's NATS_SUBJECT):
/// <c>{prefix}knapscen.results.{saga id, 32 hex}.{launch id}.{launch token}</c>. Only the launch knows the token, so
/// whatever arrives there is that launch's; the whole space is <c>{prefix}knapscen.results.&gt;</c>, the one subject
/// step identities need to be allowed to publish to.
/// </summary>
public sealed class StepResultSubjects(string subjectPrefix)
{
    public const string Root = "knapscen.results";

    public string Wildcard => $"{subjectPrefix}{Root}.>";

    public string For(Guid sagaId, string launchId, string token) => $"{subjectPrefix}{Root}.{sagaId:N}.{launchId}.{token}";

    /// <summary>Reads a subject back into its parts; false for anything not shaped like a result subject.</summary>
    public bool TryParse(string subject, out Guid sagaId, out string launchId, out string token)
    {
        ArgumentNullException.ThrowIfNull(subject);
        sagaId = Guid.Empty;
        launchId = token = "";
        var head = $"{subjectPrefix}{Root}.";
        if (!subject.StartsWith(head, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = subject[head.Length..].Split('.');
        if (parts.Length != 3 || !Guid.TryParseExact(parts[0], "N", out sagaId) || parts[1].Length == 0 || parts[2].Length == 0)
        {
            return false;
        }

        launchId = parts[1];
        token = parts[2];
        return true;
    }
}
