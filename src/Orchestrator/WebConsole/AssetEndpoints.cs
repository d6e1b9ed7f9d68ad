using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Knapscen.Sagas.Orchestrator.WebConsole;

/// <summary>
/// The console's stylesheet and script, embedded in the assembly: they ship with the binary and the .NET tool alike,
/// whatever the content root, with no static-files build step.
/// </summary>
internal static class AssetEndpoints
{
    private static readonly Dictionary<string, (string ContentType, byte[] Content)> Assets = new(StringComparer.Ordinal)
    {
        ["console.css"] = ("text/css; charset=utf-8", Read("console.css")),
        ["live.js"] = ("text/javascript; charset=utf-8", Read("live.js")),
    };

    public static IEndpointRouteBuilder MapConsoleAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assets/{name}", (string name, HttpContext context) =>
            {
                if (!Assets.TryGetValue(name, out var asset))
                {
                    return Results.NotFound();
                }

                context.Response.Headers.CacheControl = "public, max-age=300";
                return Results.Bytes(asset.Content, asset.ContentType);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"console/{name}")
            ?? throw new InvalidOperationException($"the console asset {name} is not embedded in the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
