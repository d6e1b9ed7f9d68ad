using System.Text.Json;

namespace Knapscen.Sagas.Kubelet;

/// <summary>How the runtime ran a container (from <c>podman container inspect</c>), kept after the container is removed.</summary>
public sealed record ContainerFacts(string Name, string Image, string User, bool ReadOnlyRootFilesystem, bool NoNewPrivileges, IReadOnlyList<string> DroppedCapabilities, int ExitCode)
{
    internal static ContainerFacts? Parse(string inspectJson)
    {
        using var document = JsonDocument.Parse(inspectJson);
        if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() == 0)
        {
            return null;
        }

        var container = document.RootElement[0];
        var config = container.GetProperty("Config");
        var host = container.GetProperty("HostConfig");
        return new ContainerFacts(
            container.GetProperty("Name").GetString() ?? "",
            config.GetProperty("Image").GetString() ?? "",
            config.GetProperty("User").GetString() ?? "",
            host.GetProperty("ReadonlyRootfs").GetBoolean(),
            Strings(host, "SecurityOpt").Contains("no-new-privileges"),
            Strings(host, "CapDrop"),
            container.GetProperty("State").GetProperty("ExitCode").GetInt32());
    }

    private static List<string> Strings(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray().Select(item => item.GetString() ?? "")]
            : [];
}
