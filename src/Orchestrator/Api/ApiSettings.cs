using Knapscen.Sagas.Orchestrator.Api.Security;
using Knapscen.Sagas.Orchestrator.Cli;
using Microsoft.Extensions.Configuration;

namespace Knapscen.Sagas.Orchestrator.Api;

/// <summary>Configuration section <c>Api</c>: where the admin API listens and which bearer tokens it accepts.</summary>
internal sealed record ApiSettings(IReadOnlyList<string> Urls, ApiTokenSet Tokens)
{
    public const string Section = "Api";

    /// <summary>Shorter secrets are refused: a bearer token is the only thing between the network and the admin role.</summary>
    public const int MinimumTokenLength = 32;

    /// <summary>Api:Urls plus any Kestrel endpoint (<c>Kestrel:Endpoints:*:Url</c>), which Kestrel binds instead.</summary>
    public IReadOnlyList<string> BoundUrls { get; init; } = Urls;

    public bool AllLoopback => BoundUrls.All(ListenUrls.IsLoopback);

    /// <exception cref="OperatorException">A token is incomplete or has an unknown role, or the API would be open to the network.</exception>
    public static ApiSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var urls = ListenUrls.Parse(section["Urls"]);
        var kestrel = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"]).OfType<string>().Where(url => url.Length > 0);
        var settings = new ApiSettings(urls, new ApiTokenSet(ReadTokens(section.GetSection("Tokens")))) { BoundUrls = [.. urls, .. kestrel] };
        if (settings.Tokens.IsEmpty && !settings.AllLoopback)
        {
            throw new OperatorException(
                $"Api:Urls and Kestrel:Endpoints ({string.Join(';', settings.BoundUrls)}) are reachable from other machines and no API token is configured; " +
                "configure one, for example Api__Tokens__ops__Token=<a long random secret> Api__Tokens__ops__Role=admin " +
                "(role 'admin' or 'read-only'), or listen on loopback only (Api__Urls=http://127.0.0.1:8080).");
        }

        return settings;
    }

    private static List<ApiToken> ReadTokens(IConfigurationSection tokens)
    {
        var result = new List<ApiToken>();
        foreach (var token in tokens.GetChildren())
        {
            var key = $"{Section}:Tokens:{token.Key}";
            var secret = token["Token"];
            if (string.IsNullOrWhiteSpace(secret))
            {
                throw new OperatorException($"{key}:Token is not set; every configured token needs a secret value.");
            }

            if (secret.Trim().Length < MinimumTokenLength)
            {
                throw new OperatorException(
                    $"{key}:Token is shorter than {MinimumTokenLength} characters; use a long random secret, for example 'openssl rand -hex 32'.");
            }

            var role = token["Role"];
            if (role is null || !ApiRoles.IsKnown(role))
            {
                throw new OperatorException($"{key}:Role must be '{ApiRoles.Admin}' or '{ApiRoles.ReadOnly}'.");
            }

            result.Add(new ApiToken(token.Key, role, ApiTokenSet.Hash(secret)));
        }

        return result;
    }
}
