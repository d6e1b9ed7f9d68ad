namespace Knapscen.Sagas.Kubelet;

/// <summary>
/// How the kubelet runs a pod's image: as a podman container when the image is one this machine has (the project's
/// own, built by scripts/image.sh), or as a local process standing in for an image that cannot exist here (the original
/// step images, test images). An image in neither list fails its pod with exit code 127.
/// </summary>
public sealed class PodImages(
    IReadOnlyDictionary<string, IReadOnlyList<string>> processes, IReadOnlySet<string>? containers = null, Podman? podman = null)
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Processes { get; } = processes;

    public IReadOnlySet<string> Containers { get; } = containers ?? new HashSet<string>(StringComparer.Ordinal);

    public Podman? Podman { get; } = podman;

    public bool RunsAsContainer(string image) => Podman is not null && Containers.Contains(image);

    /// <summary>One line per image: what runs it, so a test's output says which pods were real containers.</summary>
    public IEnumerable<string> Describe() =>
        Containers.Order(StringComparer.Ordinal).Select(image => Podman is null
                ? $"{image}: cannot run (podman not available)"
                : $"{image}: podman container")
            .Concat(Processes.Keys.Where(image => !RunsAsContainer(image)).Order(StringComparer.Ordinal)
                .Select(image => $"{image}: local process `{string.Join(' ', Processes[image])}` (no such image on this machine)"));
}
