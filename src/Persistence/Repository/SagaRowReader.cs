using System.Data.Common;
using System.Reflection;
using Knapscen.Sagas.StateMachines.Onboarding;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>
/// Reads and locks a saga row with one plain command instead of EF's query pipeline (compilation cache lookup,
/// materializer, diagnostics), which cost more client CPU than the round trip itself on every transition. Columns and
/// value conversions come from the EF model, so the instance is what EF would have materialized.
/// </summary>
internal sealed class SagaRowReader
{
    private static SagaRowReader? shared;

    private readonly Column[] columns;
    // The locking read of several sagas, up to its list of keys.
    private readonly string lockManyPrefix;

    private SagaRowReader(IModel model)
    {
        var entity = model.FindEntityType(typeof(CustomerOnboardingState))
            ?? throw new InvalidOperationException("The saga is not part of the EF model.");
        columns = [.. entity.GetProperties().Select(property => new Column(
            property.PropertyInfo ?? throw new InvalidOperationException($"Saga property {property.Name} has no CLR property"),
            ((RelationalTypeMapping)property.GetTypeMapping()).Converter))];
        var table = entity.GetTableName();
        var key = entity.FindPrimaryKey()!.Properties.Single().GetColumnName();
        // Selecting by primary key under ReadCommitted locks that one row and no gap, which keeps concurrent first
        // events from deadlocking on gap locks.
        var selectFrom = $"SELECT {string.Join(", ", entity.GetProperties().Select(property => "`" + property.GetColumnName() + "`"))} FROM {table}";
        LockSql = $"{selectFrom} WHERE `{key}` = @lockId FOR UPDATE";
        lockManyPrefix = $"{selectFrom} FORCE INDEX (PRIMARY) WHERE `{key}` IN (";
    }

    /// <summary>The locking read; its one parameter is <c>@lockId</c>.</summary>
    public string LockSql { get; }

    public static SagaRowReader For(IModel model) => shared ??= new SagaRowReader(model);

    /// <summary>
    /// The locking read of <paramref name="count"/> sagas, parameters <c>@lock0</c> to <c>@lock{count - 1}</c>. The server
    /// locks them in key order, whatever the list's order, so two such reads cannot deadlock each other. The primary key
    /// is forced: on a small table the optimizer prefers a full scan, which under FOR UPDATE waits for every row another
    /// transaction holds, in or out of the list.
    /// </summary>
    public string LockManySql(int count) =>
        lockManyPrefix + string.Join(", ", Enumerable.Range(0, count).Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"@lock{i}"))) + ") FOR UPDATE";

    /// <summary>
    /// The saga at the reader's current row, columns in <see cref="LockSql"/>'s order, and the row's values as stored
    /// (null for NULL), in the model's property order, for <see cref="SagaRowWriter"/> to write only what changed.
    /// </summary>
    public (CustomerOnboardingState Instance, object?[] Stored) Read(DbDataReader reader)
    {
        var instance = new CustomerOnboardingState();
        var stored = new object?[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            var column = columns[i];
            var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
            stored[i] = value;
            column.Property.SetValue(instance, column.FromProvider(value));
        }

        return (instance, stored);
    }

    private sealed record Column(PropertyInfo Property, ValueConverter? Converter)
    {
        private readonly Type target = Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType;

        public object? FromProvider(object? value) => value switch
        {
            null => null,
            _ when Converter is not null => Converter.ConvertFromProvider(value),
            // DATETIME(6) holds UTC (Pomelo writes DateTimeOffset values as UTC).
            DateTime time when target == typeof(DateTimeOffset) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
            string text when target == typeof(Guid) => Guid.Parse(text),
            _ when value.GetType() != target => Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture),
            _ => value,
        };
    }
}
