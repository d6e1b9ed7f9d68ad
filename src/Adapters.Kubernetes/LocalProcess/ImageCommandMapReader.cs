using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;

/// <summary>
/// Reads <c>LocalLauncher:Images</c>. A JSON key such as <c>"ghcr.io/org/app:latest"</c> arrives split at its ':' into
/// nested sections, so the image is rebuilt from the path of each leaf: everything before the last segment (the list index).
/// </summary>
internal static class ImageCommandMapReader
{
    public static void Read(IConfigurationSection images, LocalProcessLauncherOptions options)
    {
        var entries = new Dictionary<string, SortedDictionary<int, string>>(StringComparer.Ordinal);
        foreach (var (path, value) in images.AsEnumerable(makePathsRelative: true))
        {
            if (value is null)
            {
                continue;
            }

            var split = path.LastIndexOf(':');
            if (split <= 0 || !int.TryParse(path[(split + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                options.ImageMapErrors.Add($"{images.Path}:{path} must be a list of command arguments.");
                continue;
            }

            var image = path[..split];
            if (!entries.TryGetValue(image, out var arguments))
            {
                arguments = [];
                entries[image] = arguments;
            }

            arguments[index] = value;
        }

        foreach (var (image, arguments) in entries)
        {
            options.Images[image] = [.. arguments.Values];
        }
    }
}
