using System.Globalization;
using System.Text;

namespace Knapscen.Sagas.Tests.Observability;

public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// The Prometheus text exposition format (version 0.0.4), read strictly: a line that is neither a comment nor a
/// well-formed sample fails the parse, so a broken endpoint cannot pass a test by accident.
/// </summary>
public sealed class PrometheusText
{
    private PrometheusText(IReadOnlyList<PrometheusSample> samples, IReadOnlyDictionary<string, string> types)
    {
        Samples = samples;
        Types = types;
    }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    /// <summary>Metric family → counter, gauge, histogram, … from the <c># TYPE</c> lines.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public static PrometheusText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts is ["#", "TYPE", var family, var type])
                {
                    types[family] = type;
                }

                continue;
            }

            samples.Add(ParseSample(line));
        }

        return new PrometheusText(samples, types);
    }

    /// <summary>The one sample of <paramref name="name"/> whose labels include <paramref name="labels"/>; 0 when there is none (a counter not yet incremented).</summary>
    public double Value(string name, params (string Key, string Value)[] labels)
    {
        var matching = Matching(name, labels).ToList();
        return matching.Count switch
        {
            0 => 0,
            1 => matching[0].Value,
            _ => throw new InvalidOperationException($"{matching.Count} samples of {name} match; name more labels"),
        };
    }

    /// <summary>The sum over every sample of <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) => Matching(name, labels).Sum(sample => sample.Value);

    public IEnumerable<PrometheusSample> Matching(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(sample => sample.Name == name
            && labels.All(label => sample.Labels.TryGetValue(label.Key, out var value) && value == label.Value));

    private static PrometheusSample ParseSample(string line)
    {
        var position = 0;
        var name = ReadName(line, ref position);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var label = ReadName(line, ref position);
                Expect(line, ref position, '=');
                labels[label] = ReadQuoted(line, ref position);
                if (line[position] == ',')
                {
                    position++;
                }
            }

            position++;
        }

        Expect(line, ref position, ' ');
        // An optional timestamp follows the value.
        var value = line[position..].Split(' ')[0];
        return new PrometheusSample(name, labels, ParseValue(value, line));
    }

    private static string ReadName(string line, ref int position)
    {
        var start = position;
        while (position < line.Length && (char.IsAsciiLetterOrDigit(line[position]) || line[position] is '_' or ':'))
        {
            position++;
        }

        if (position == start || char.IsAsciiDigit(line[start]))
        {
            throw new FormatException($"no metric or label name at {start}: {line}");
        }

        return line[start..position];
    }

    private static string ReadQuoted(string line, ref int position)
    {
        Expect(line, ref position, '"');
        var value = new StringBuilder();
        while (line[position] != '"')
        {
            if (line[position] == '\\')
            {
                position++;
                value.Append(line[position] switch
                {
                    'n' => '\n',
                    '\\' => '\\',
                    '"' => '"',
                    var other => throw new FormatException($"unknown escape \\{other}: {line}"),
                });
            }
            else
            {
                value.Append(line[position]);
            }

            position++;
        }

        position++;
        return value.ToString();
    }

    private static void Expect(string line, ref int position, char expected)
    {
        if (position >= line.Length || line[position] != expected)
        {
            throw new FormatException($"expected '{expected}' at {position}: {line}");
        }

        position++;
    }

    private static double ParseValue(string value, string line) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"'{value}' is not a sample value: {line}"),
    };
}
