using System.Security.Cryptography;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence;

/// <summary>
/// Secrets of one installation, kept in its database so every replica reads the same one. The first reader creates it
/// (INSERT IGNORE of a fresh random key): concurrent first readers all end up with the row that won.
/// </summary>
internal static class InstallationKeys
{
    private const int KeyBytes = 32;

    public static byte[] LoadOrCreate(string connectionString, string name)
    {
        using var connection = new MySqlConnection(connectionString);
        connection.Open();
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT IGNORE INTO installation_keys (name, key_value) VALUES (@name, @value)";
            insert.Parameters.AddWithValue("@name", name);
            insert.Parameters.AddWithValue("@value", RandomNumberGenerator.GetBytes(KeyBytes));
            insert.ExecuteNonQuery();
        }

        using var select = connection.CreateCommand();
        select.CommandText = "SELECT key_value FROM installation_keys WHERE name = @name";
        select.Parameters.AddWithValue("@name", name);
        return (byte[])(select.ExecuteScalar() ?? throw new InvalidOperationException($"Installation key '{name}' could not be read back."));
    }
}
