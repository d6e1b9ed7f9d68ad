namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>Reads the <c>export NAME=value</c> files the scripts write.</summary>
internal static class EnvFile
{
    public static Dictionary<string, string> Parse(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            var text = line.StartsWith("export ", StringComparison.Ordinal) ? line[7..] : line;
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            values[text[..equals]] = text[(equals + 1)..].Trim('\'');
        }

        return values;
    }
}
