namespace Knapscen.Sagas.Bench;

/// <summary>Reads the <c>export KEY='value'</c> lines scripts/stack.sh writes.</summary>
internal static class StackEnvFile
{
    public static Dictionary<string, string> Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            var text = line.StartsWith("export ", StringComparison.Ordinal) ? line[7..] : line;
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[text[..equals]] = text[(equals + 1)..].Trim('\'');
            }
        }

        return values;
    }
}
