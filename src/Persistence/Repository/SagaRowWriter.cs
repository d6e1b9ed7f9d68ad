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
    private readonly string table;

    private SagaRowWriter(IModel model)
    {
        var entity = model.FindEntityType(typeof(CustomerOnboardingState))
            ?? throw new InvalidOperationException("The saga is not part of the EF model.");
        table = entity.GetTableName() ?? OnboardingSagaConfiguration.TableName;
        key = entity.FindPrimaryKey()!.Properties.Single();
        version = entity.FindProperty(nameof(CustomerOnboardingState.Version))!;
        columns = [.. entity.GetProperties().Where(property => !property.IsPrimaryKey())];
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
    /// Appends an UPDATE of every column guarded by the version the row had when locked, then a one-row result with
    /// the rows it matched (the connection counts matched rows), so a conflict is seen in the same round trip.
    /// </summary>
    public void AppendUpdate(StringBuilder sql, DbCommand command, CustomerOnboardingState instance, int lockedVersion, int index)
    {
        sql.Append("UPDATE ").Append(table).Append(" SET ");
        for (var i = 0; i < columns.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"@s{index}c{i}");
            sql.Append(i == 0 ? "" : ", ").Append(Column(columns[i])).Append(" = ").Append(name);
            command.Parameters.Add(Parameter(command, columns[i], name, columns[i].GetGetter().GetClrValue(instance)));
        }

        AppendGuard(sql, command, instance, lockedVersion, index);
        sql.Append(";\nSELECT ROW_COUNT();\n");
    }

    /// <summary>Appends a DELETE guarded like an update, with the same one-row result.</summary>
    public void AppendDelete(StringBuilder sql, DbCommand command, CustomerOnboardingState instance, int lockedVersion, int index)
    {
        sql.Append("DELETE FROM ").Append(table);
        AppendGuard(sql, command, instance, lockedVersion, index);
        sql.Append(";\nSELECT ROW_COUNT();\n");
    }

    private void AppendGuard(StringBuilder sql, DbCommand command, CustomerOnboardingState instance, int lockedVersion, int index)
    {
        var keyName = string.Create(CultureInfo.InvariantCulture, $"@s{index}key");
        var versionName = string.Create(CultureInfo.InvariantCulture, $"@s{index}version");
        sql.Append(" WHERE ").Append(Column(key)).Append(" = ").Append(keyName)
            .Append(" AND ").Append(Column(version)).Append(" = ").Append(versionName);
        command.Parameters.Add(Parameter(command, key, keyName, instance.CorrelationId));
        command.Parameters.Add(Parameter(command, version, versionName, lockedVersion));
    }

    private static string Column(IProperty property) => "`" + property.GetColumnName() + "`";

    private static DbParameter Parameter(DbCommand command, IProperty property, string name, object? value) =>
        ((RelationalTypeMapping)property.GetTypeMapping()).CreateParameter(command, name, value, property.IsNullable);
}
