using Knapscen.Sagas.Orchestrator.Api.Security;
using Knapscen.Sagas.Orchestrator.Cli;
using Microsoft.Extensions.Configuration;

namespace Knapscen.Sagas.Orchestrator.Api;

/// <summary>Configuration section <c>Api</c>: where the admin API listens and which bearer tokens it accepts.</summary>
internal sealed record ApiSettings(IReadOnlyList<string> Urls, ApiTokenSet Tokens)
{
    public const string Section = "Api";

    public bool AllLoopback => Urls.All(ListenUrls.IsLoopback);

    /// <exception cref="OperatorException">A token is incomplete or has an unknown role, or the API would be open to the network.</exception>
    public static ApiSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var settings = new ApiSettings(ListenUrls.Parse(section["Urls"]), new ApiTokenSet(ReadTokens(section.GetSection("Tokens"))));
        if (settings.Tokens.IsEmpty && !settings.AllLoopback)
        {
            throw new OperatorException(
                $"Api:Urls ({string.Join(';', settings.Urls)}) is reachable from other machines and no API token is configured; " +
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
