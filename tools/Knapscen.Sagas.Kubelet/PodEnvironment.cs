using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Knapscen.Sagas.Kubelet;

/// <summary>
/// A container's environment as a kubelet builds it: every <c>envFrom</c> source in order (ConfigMaps and Secrets read
/// from the API, with their prefix), then <c>env</c>, whose entries win; <c>valueFrom</c> reads one key.
/// </summary>
internal static class PodEnvironment
{
    /// <exception cref="PodRejectedException">A source that is not optional is missing.</exception>
    public static async Task<Dictionary<string, string>> ResolveAsync(IKubernetes client, V1Pod pod, V1Container container, CancellationToken cancellationToken)
    {
        var @namespace = pod.Metadata.NamespaceProperty;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            var values = source switch
            {
                { SecretRef.Name: { } secret } => await SecretAsync(client, @namespace, secret, source.SecretRef.Optional == true, cancellationToken),
                { ConfigMapRef.Name: { } map } => await ConfigMapAsync(client, @namespace, map, source.ConfigMapRef.Optional == true, cancellationToken),
                _ => [],
            };
            foreach (var (key, value) in values)
            {
                environment[(source.Prefix ?? "") + key] = value;
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            var value = variable.Value ?? await ValueFromAsync(client, pod, variable, cancellationToken);
            if (value is not null)
            {
                environment[variable.Name] = value;
            }
        }

        return environment;
    }

    private static async Task<string?> ValueFromAsync(IKubernetes client, V1Pod pod, V1EnvVar variable, CancellationToken cancellationToken)
    {
        var @namespace = pod.Metadata.NamespaceProperty;
        return variable.ValueFrom switch
        {
            { SecretKeyRef: { } key } => Key(await SecretAsync(client, @namespace, key.Name, key.Optional == true, cancellationToken), key.Key, $"secret {key.Name}", key.Optional == true),
            { ConfigMapKeyRef: { } key } => Key(await ConfigMapAsync(client, @namespace, key.Name, key.Optional == true, cancellationToken), key.Key, $"configmap {key.Name}", key.Optional == true),
            { FieldRef.FieldPath: "metadata.name" } => pod.Metadata.Name,
            { FieldRef.FieldPath: "metadata.namespace" } => @namespace,
            null => "",
            _ => throw new PodRejectedException($"env {variable.Name}: this kubelet resolves secretKeyRef, configMapKeyRef and metadata.name/namespace only"),
        };
    }

    private static string? Key(Dictionary<string, string> values, string key, string what, bool optional) =>
        values.TryGetValue(key, out var value) ? value
        : optional ? null
        : throw new PodRejectedException($"CreateContainerConfigError: couldn't find key {key} in {what}");

    private static async Task<Dictionary<string, string>> SecretAsync(IKubernetes client, string @namespace, string name, bool optional, CancellationToken cancellationToken)
    {
        var secret = await ReadAsync(() => client.CoreV1.ReadNamespacedSecretAsync(name, @namespace, cancellationToken: cancellationToken), $"secret \"{name}\"", optional);
        return (secret?.Data ?? new Dictionary<string, byte[]>()).ToDictionary(pair => pair.Key, pair => Encoding.UTF8.GetString(pair.Value), StringComparer.Ordinal);
    }

    private static async Task<Dictionary<string, string>> ConfigMapAsync(IKubernetes client, string @namespace, string name, bool optional, CancellationToken cancellationToken)
    {
        var map = await ReadAsync(() => client.CoreV1.ReadNamespacedConfigMapAsync(name, @namespace, cancellationToken: cancellationToken), $"configmap \"{name}\"", optional);
        return new Dictionary<string, string>(map?.Data ?? new Dictionary<string, string>(), StringComparer.Ordinal);
    }

    private static async Task<T?> ReadAsync<T>(Func<Task<T>> read, string what, bool optional)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return optional ? null : throw new PodRejectedException($"CreateContainerConfigError: {what} not found");
        }
    }
}
