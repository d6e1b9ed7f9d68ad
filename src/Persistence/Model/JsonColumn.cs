using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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
        // A member at null, false or zero is left out: a saga row is rewritten on every transition, and a step's list
        // was a third nulls and false flags (the server parses and logs every byte of it, undo and redo). A member left
        // out reads back as its type's default, so no stored type may start a member at anything else
        // (When_saga_columns_are_written_as_json checks). Enums are always written: the step filter matches the status.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitFalseAndZero } },
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly();
        return options;
    }

    private static void OmitFalseAndZero(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.PropertyType == typeof(bool))
            {
                property.ShouldSerialize = static (_, value) => value is true;
            }
            else if (property.PropertyType == typeof(int))
            {
                property.ShouldSerialize = static (_, value) => value is not 0;
            }
        }
    }
}
