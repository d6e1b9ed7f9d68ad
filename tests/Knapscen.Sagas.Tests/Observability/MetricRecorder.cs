using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Knapscen.Sagas.Tests.Observability;

/// <summary>
/// Every measurement of one meter instance, taken with a <see cref="MeterListener"/>. Listening to that instance
/// only (not to the meter name) keeps tests that run in parallel, each with its own container, apart.
/// MetricCollector (Microsoft.Extensions.Diagnostics.Testing, used where one instrument is watched) follows one
/// instrument of one value type; the metric specs compare a dozen counters and histograms of long and double at once.
/// </summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<Measured> measurements = new();

    public MetricRecorder(Meter meter)
    {
        listener.InstrumentPublished = (instrument, subscriber) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                subscriber.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();
    }

    /// <summary>The total of a counter's increments whose tags include all of <paramref name="tags"/>.</summary>
    public double Sum(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Sum(m => m.Value);

    /// <summary>How many values were recorded (for a histogram: how many samples).</summary>
    public int Count(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Count();

    public IReadOnlyList<double> Values(string instrument, params (string Key, string Value)[] tags) => [.. Matching(instrument, tags).Select(m => m.Value)];

    public void Dispose() => listener.Dispose();

    private IEnumerable<Measured> Matching(string instrument, (string Key, string Value)[] tags) =>
        measurements.Where(m => m.Instrument == instrument
            && tags.All(tag => m.Tags.TryGetValue(tag.Key, out var value) && Equals(value, tag.Value)));

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copied = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, tagValue) in tags)
        {
            copied[key] = tagValue;
        }

        measurements.Enqueue(new Measured(instrument.Name, value, copied));
    }

    private sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);
}
