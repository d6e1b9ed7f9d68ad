using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Knapscen.Sagas.Persistence.Model;

/// <summary>Maps an object graph to a LONGTEXT column as JSON a person can read (camelCase, enums by name).</summary>
internal static class JsonColumn
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static ValueConverter<T, string> Converter<T>()
        where T : class, new() =>
        new(value => JsonSerializer.Serialize(value, Options), json => JsonSerializer.Deserialize<T>(json, Options) ?? new T());

    /// <summary>
    /// Compares by serialized form: the state machine mutates list elements in place, which reference equality
    /// would miss and so the change would never be saved.
    /// </summary>
    public static ValueComparer<T> Comparer<T>()
        where T : class, new() =>
        new(
            (left, right) => JsonSerializer.Serialize(left, Options) == JsonSerializer.Serialize(right, Options),
            value => JsonSerializer.Serialize(value, Options).GetHashCode(StringComparison.Ordinal),
            value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Options), Options) ?? new T());

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
