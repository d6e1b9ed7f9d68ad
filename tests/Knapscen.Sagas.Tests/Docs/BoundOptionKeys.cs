using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace Knapscen.Sagas.Tests.Docs;

/// <summary>A configuration key an options class binds, with the default and range the code gives it.</summary>
internal sealed record BoundOptionKey(string Key, string? Default, string? Range, Type Owner)
{
    /// <summary>
    /// Every options class of the product bound from configuration: a class named <c>…Options</c> that declares its
    /// section in a <c>SectionName</c> or <c>Section</c> constant, so a class another branch adds is found without a list.
    /// </summary>
    public static IReadOnlyList<BoundOptionKey> All()
    {
        Assembly[] product =
        [
            typeof(Sagas.StateMachines.Steps.StepCatalogOptions).Assembly,
            typeof(Sagas.Persistence.Deadlines.DeadlineScannerOptions).Assembly,
            typeof(Sagas.Adapters.Nats.NatsOptions).Assembly,
            typeof(Sagas.Adapters.Kubernetes.Jobs.KubernetesLauncherOptions).Assembly,
            typeof(Sagas.Orchestrator.Telemetry.OtlpSettings).Assembly,
        ];
        var keys = new List<BoundOptionKey>();
        foreach (var type in product.SelectMany(assembly => assembly.GetTypes()).Where(type => type is { IsClass: true, IsAbstract: false } && type.Name.EndsWith("Options", StringComparison.Ordinal)))
        {
            if (SectionOf(type) is { } section)
            {
                Walk(type, Activator.CreateInstance(type, nonPublic: true), section, type, keys);
            }
        }

        return keys;
    }

    public static IReadOnlyList<Type> OptionsClasses() => [.. All().Select(key => key.Owner).Distinct()];

    private static string? SectionOf(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .FirstOrDefault(field => field is { IsLiteral: true, Name: "SectionName" or "Section" } && field.FieldType == typeof(string))
            ?.GetRawConstantValue() as string;

    private static void Walk(Type type, object? instance, string prefix, Type owner, List<BoundOptionKey> keys)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var value = instance is null ? null : property.GetValue(instance);
            var bindable = property.SetMethod is { IsPublic: true } || IsCollection(property.PropertyType);
            if (!bindable)
            {
                continue;
            }

            // A collection named like its section is bound at the section itself: Steps:<step>, not Steps:Steps:<step>.
            var key = property.Name == prefix && IsDictionary(property.PropertyType) ? prefix : $"{prefix}:{property.Name}";
            AddKey(property.PropertyType, value, key, property, owner, keys);
        }
    }

    private static void AddKey(Type type, object? value, string key, PropertyInfo property, Type owner, List<BoundOptionKey> keys)
    {
        if (IsScalar(type))
        {
            keys.Add(new BoundOptionKey(key, Format(value), RangeOf(property), owner));
        }
        else if (IsCollection(type))
        {
            var element = ElementType(type);
            var itemKey = $"{key}:<>";
            if (IsScalar(element))
            {
                // A collection with entries by default documents them elsewhere (appsettings.json); an empty one is "empty".
                keys.Add(new BoundOptionKey(itemKey, ((IEnumerable?)value)?.Cast<object>().Any() == true ? null : "", null, owner));
            }
            else
            {
                AddKey(element, null, itemKey, property, owner, keys);
            }
        }
        else
        {
            Walk(type, value ?? CreateOrNull(type), key, owner, keys);
        }
    }

    private static object? CreateOrNull(Type type) => type.GetConstructor(Type.EmptyTypes) is null ? null : Activator.CreateInstance(type);

    private static bool IsScalar(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return plain.IsPrimitive || plain.IsEnum || plain == typeof(string) || plain == typeof(decimal) || plain == typeof(TimeSpan);
    }

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static bool IsDictionary(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>);

    private static Type ElementType(Type type) =>
        type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[^1];

    /// <summary>As the docs write it: invariant, booleans lower case; null or empty is "not set" (no value to quote).</summary>
    private static string? Format(object? value) => value switch
    {
        null => "",
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string? RangeOf(PropertyInfo property)
    {
        if (property.GetCustomAttribute<RangeAttribute>() is not { } range)
        {
            return null;
        }

        var minimum = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
        var maximum = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
        return maximum >= int.MaxValue
            ? $"≥ {minimum.ToString(CultureInfo.InvariantCulture)}"
            : $"{minimum.ToString(CultureInfo.InvariantCulture)}–{maximum.ToString(CultureInfo.InvariantCulture)}";
    }
}
