using System.Data.Common;
using System.Globalization;
using System.Text;
using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.StateMachines.Onboarding;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>
/// Writes a locked saga row without EF's change tracker: the JSON columns' comparers serialize every column on each
/// snapshot and change check, several times the cost of writing the row once. The columns, conversions and parameter
/// types come from the EF model, so the row is written exactly as SaveChanges would write it.
/// </summary>
internal sealed class SagaRowWriter
{
    private static SagaRowWriter? shared;

    private readonly IProperty key;
    private readonly IProperty version;
    private readonly IReadOnlyList<IProperty> columns;
    // Where each of columns is in a stored row from SagaRowReader (the model's property order, key included).
    private readonly int[] storedOrdinals;
    private readonly string table;

    private SagaRowWriter(IModel model)
    {
        var entity = model.FindEntityType(typeof(CustomerOnboardingState))
            ?? throw new InvalidOperationException("The saga is not part of the EF model.");
        table = entity.GetTableName() ?? OnboardingSagaConfiguration.TableName;
        key = entity.FindPrimaryKey()!.Properties.Single();
        version = entity.FindProperty(nameof(CustomerOnboardingState.Version))!;
        var all = entity.GetProperties().ToList();
        columns = [.. all.Where(property => !property.IsPrimaryKey())];
        storedOrdinals = [.. columns.Select(column => all.IndexOf(column))];
    }

    /// <summary>One writer for the process: every pooled context shares the same model.</summary>
    public static SagaRowWriter For(IModel model) => shared ??= new SagaRowWriter(model);

    /// <summary>Appends the INSERT of a new saga row (every column, the key too).</summary>
    public void AppendInsert(StringBuilder sql, DbCommand command, CustomerOnboardingState instance)
    {
        sql.Append("INSERT INTO ").Append(table).Append(" (").Append(Column(key));
        foreach (var column in columns)
        {
            sql.Append(", ").Append(Column(column));
        }

        sql.Append(") VALUES (@insertKey");
        command.Parameters.Add(Parameter(command, key, "@insertKey", instance.CorrelationId));
        for (var i = 0; i < columns.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"@insert{i}");
            sql.Append(", ").Append(name);
            command.Parameters.Add(Parameter(command, columns[i], name, columns[i].GetGetter().GetClrValue(instance)));
        }

        sql.Append(");\n");
    }

    /// <summary>
    /// Appends an UPDATE that writes the next version only over the version the row had when locked: any other version
    /// is turned into -1, which the table's check (ck_onboarding_sagas_version) refuses, so a row written behind the
    /// lock fails this very statement (<see cref="SagaVersionGuard"/>) and no matched-row result has to be read back.
    /// Only the columns that differ from <paramref name="stored"/> (the row as locked) are sent: a transition changes
    /// the state, the steps and the timestamps, and the server would otherwise parse and compare the users and the
    /// registration document again on every event. Without <paramref name="stored"/> every column is written.
    /// </summary>
    /// <param name="name">Starts the names of the statement's parameters: unique among the statements sent together.</param>
    public void AppendUpdate(StringBuilder sql, DbCommand command, CustomerOnboardingState instance, object?[]? stored, int lockedVersion, string name)
    {
        sql.Append("UPDATE ").Append(table).Append(" SET ");
        var first = true;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var value = column.GetGetter().GetClrValue(instance);
            var valueName = string.Create(CultureInfo.InvariantCulture, $"@{name}c{i}");
            if (column == version)
            {
                var lockedName = "@" + name + "version";
                sql.Append(first ? "" : ", ").Append(Column(column)).Append(" = IF(").Append(Column(column)).Append(" = ").Append(lockedName)
                    .Append(", ").Append(valueName).Append(", -1)");
                first = false;
                command.Parameters.Add(Parameter(command, column, valueName, value));
                command.Parameters.Add(Parameter(command, column, lockedName, lockedVersion));
                continue;
            }

            // A JSON column is serialized once, for the comparison and, when it changed, for the parameter.
            var converter = column.GetTypeMapping().Converter;
            var providerValue = converter is null ? value : converter.ConvertToProvider(value);
            if (stored is not null && SameAsStored(providerValue, stored[storedOrdinals[i]]))
            {
                continue;
            }

            sql.Append(first ? "" : ", ").Append(Column(column)).Append(" = ").Append(valueName);
            first = false;
            command.Parameters.Add(converter is null
                ? Parameter(command, column, valueName, value)
                : ProviderParameter(command, valueName, providerValue));
        }

        AppendWhereKey(sql, command, instance, name);
        sql.Append(";\n");
    }

    /// <summary>
    /// Appends a DELETE guarded by the version the row had when locked, then a one-row result with the rows it matched
    /// (the connection counts matched rows): a check cannot refuse a delete, so this one is read back.
    /// </summary>
    public void AppendDelete(StringBuilder sql, DbCommand command, CustomerOnboardingState instance, int lockedVersion, string name)
    {
        sql.Append("DELETE FROM ").Append(table);
        AppendGuard(sql, command, instance, lockedVersion, name);
        sql.Append(";\nSELECT ROW_COUNT();\n");
    }

    private void AppendGuard(StringBuilder sql, DbCommand command, CustomerOnboardingState instance, int lockedVersion, string name)
    {
        AppendWhereKey(sql, command, instance, name);
        var versionName = "@" + name + "version";
        sql.Append(" AND ").Append(Column(version)).Append(" = ").Append(versionName);
        command.Parameters.Add(Parameter(command, version, versionName, lockedVersion));
    }

    private void AppendWhereKey(StringBuilder sql, DbCommand command, CustomerOnboardingState instance, string name)
    {
        var keyName = "@" + name + "key";
        sql.Append(" WHERE ").Append(Column(key)).Append(" = ").Append(keyName);
        command.Parameters.Add(Parameter(command, key, keyName, instance.CorrelationId));
    }

    // Stored DATETIME(6) values come back as DateTime holding UTC; DateTime equality compares ticks, not kinds.
    private static bool SameAsStored(object? current, object? stored) => current switch
    {
        null => stored is null,
        DateTimeOffset time => stored is DateTime storedTime && time.UtcDateTime == storedTime,
        _ => current.Equals(stored),
    };

    private static DbParameter ProviderParameter(DbCommand command, string name, object? providerValue)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = providerValue ?? DBNull.Value;
        return parameter;
    }

    private static string Column(IProperty property) => "`" + property.GetColumnName() + "`";

    private static DbParameter Parameter(DbCommand command, IProperty property, string name, object? value) =>
        ((RelationalTypeMapping)property.GetTypeMapping()).CreateParameter(command, name, value, property.IsNullable);
}
