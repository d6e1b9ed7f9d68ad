using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.WebConsole.Security;

/// <summary>
/// The data-protection key ring in the saga database (<c>data_protection_keys</c>, migration 0005), so every replica
/// reads the keys the others made and a sign-in cookie outlives a restart or a new pod. The framework calls these
/// synchronously and rarely (at start and when a key is due), so blocking calls are acceptable here.
/// </summary>
internal sealed class MySqlXmlRepository(string connectionString) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = new MySqlConnection(connectionString);
        connection.Open();
        using var command = new MySqlCommand("SELECT xml FROM data_protection_keys ORDER BY created_at", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = new MySqlConnection(connectionString);
        connection.Open();
        // A key is never rewritten: a second store of the same name (two replicas racing) keeps the first.
        using var command = new MySqlCommand(
            "INSERT IGNORE INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@name, @xml, UTC_TIMESTAMP(6))", connection);
        command.Parameters.AddWithValue("@name", friendlyName);
        command.Parameters.AddWithValue("@xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
