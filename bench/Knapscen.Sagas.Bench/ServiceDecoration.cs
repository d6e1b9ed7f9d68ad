using Microsoft.Extensions.DependencyInjection;

namespace Knapscen.Sagas.Bench;

internal static class ServiceDecoration
{
    /// <summary>Replaces the last registration of <typeparamref name="T"/> with a wrapper around what it would have made.</summary>
    public static void Decorate<T>(this IServiceCollection services, Func<T, T> wrap)
        where T : class
    {
        var original = services.Last(descriptor => descriptor.ServiceType == typeof(T));
        services.Remove(original);
        services.Add(ServiceDescriptor.Describe(typeof(T), provider => wrap((T)Create(provider, original)), original.Lifetime));
    }

    private static object Create(IServiceProvider provider, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!);
}
