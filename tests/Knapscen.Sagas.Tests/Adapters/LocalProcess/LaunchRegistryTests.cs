using Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;
using Microsoft.Extensions.Time.Testing;

namespace Knapscen.Sagas.Tests.Adapters.LocalProcess;

[Trait("Tier", "specs")]
public class LaunchRegistryTests
{
    [Fact]
    public void Finished_ids_are_remembered_then_forgotten_by_age_and_by_count()
    {
        var time = new FakeTimeProvider();
        var registry = new LaunchRegistry(capacity: 2, retention: TimeSpan.FromMinutes(10), time);

        Assert.True(registry.TryBegin("a"));
        Assert.False(registry.TryBegin("a"));
        registry.Finish("a");
        Assert.False(registry.TryBegin("a"));

        foreach (var id in new[] { "b", "c" })
        {
            Assert.True(registry.TryBegin(id));
            registry.Finish(id);
        }

        Assert.Equal(2, registry.RememberedFinished);
        Assert.True(registry.TryBegin("a"));
        Assert.False(registry.TryBegin("b"));

        time.Advance(TimeSpan.FromMinutes(11));
        Assert.True(registry.TryBegin("b"));
        Assert.Equal(0, registry.RememberedFinished);
    }
}
