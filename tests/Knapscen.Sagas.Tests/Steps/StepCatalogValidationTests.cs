using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Tests.Steps;

[Trait("Tier", "specs")]
public class StepCatalogValidationTests
{
    [Theory]
    [InlineData("""{ "Steps": { "a": { "Image": "i", "Compensation": "missing" } } }""", "compensation step 'missing' is not in the catalog")]
    [InlineData("""{ "Steps": { "a": { "Image": "i", "Environment": { "X": "${event.nope}" } } } }""", "Unknown placeholder ${event.nope}")]
    [InlineData("""{ "Steps": { "a": { "Image": "i", "Environment": { "X": "${user.name}" } } } }""", "needs PerUser = true")]
    [InlineData("""{ "Steps": { "a": { "Image": "i", "Condition": "user.role == x" } } }""", "needs PerUser = true")]
    [InlineData("""{ "Steps": { "a": { "Image": "i", "PerUser": true, "Condition": "user.age > 3" } } }""", "Condition 'user.age > 3'")]
    [InlineData("""{ "Steps": { "a": { "Image": "i", "Command": ["echo", "${event.id}"] } } }""", "Command takes no placeholders")]
    [InlineData("""{ "Steps": { "a": { "Image": "i", "Compensation": "b" }, "b": { "Image": "i", "PerUser": true } } }""", "same PerUser setting")]
    [InlineData("""{ "Steps": { "A_b": { "Image": "i" } } }""", "DNS-1123 label")]
    [InlineData("""{ "Steps": { "a": { "Image": "" } } }""", "Image")]
    [InlineData("""{ "Steps": { "a": { "Image": "i", "TimeoutSeconds": 0 } } }""", "TimeoutSeconds")]
    [InlineData("""{ "Steps": { "a": { "Image": "i", "Retry": { "MaxAttempts": 0 } } } }""", "MaxAttempts")]
    [InlineData("""{ "Steps": { "a": { "Image": "i", "Retry": { "InitialDelaySeconds": 90 } } } }""", "MaxDelaySeconds must not be below")]
    [InlineData("""{ "Steps": { "a": { "Image": "i", "Resources": { "Limits": { "Memory": "lots" } } } } }""", "Memory must be a Kubernetes quantity")]
    [InlineData("""{ "Other": {} }""", "defines no step")]
    public void Invalid_catalogs_fail_at_start_with_a_clear_reason(string json, string expected)
    {
        using var provider = CatalogLoader.FromJson(json);

        var error = Assert.Throws<OptionsValidationException>(() => CatalogLoader.ValidateAsAtStart(provider));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
