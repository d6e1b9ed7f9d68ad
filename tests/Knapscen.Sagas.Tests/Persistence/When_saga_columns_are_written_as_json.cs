using System.Reflection;
using System.Text.Json;
using Knapscen.Sagas.Persistence;
using Knapscen.Sagas.StateMachines.Onboarding;
using Xunit;

namespace Knapscen.Sagas.Tests.Persistence;

/// <summary>
/// The JSON columns leave out members at null, false and zero; that is only safe while every stored member starts at
/// its default, so a row written without it reads back the same.
/// </summary>
[Trait("Tier", "specs")]
public sealed class When_saga_columns_are_written_as_json
{
    [Fact]
    public void A_step_leaves_out_its_empty_members_keeps_its_status_and_reads_back_the_same()
    {
        var running = new StepRun { Step = "order-swag", Attempt = 1, Status = StepStatus.Running, LaunchId = "order-swag-s-a1-x" };

        var json = JsonSerializer.Serialize(new List<StepRun> { running }, SagaJson.Options);

        Assert.Equal("""[{"step":"order-swag","attempt":1,"status":"Running","launchId":"order-swag-s-a1-x"}]""", json);
        var read = Assert.Single(JsonSerializer.Deserialize<List<StepRun>>(json, SagaJson.Options)!);
        Assert.Equal(JsonSerializer.Serialize(running, SagaJson.Options), JsonSerializer.Serialize(read, SagaJson.Options));
        Assert.Null(read.UserIndex);
        Assert.False(read.Interrupted);
        Assert.Equal(0, read.AttemptsForgiven);
    }

    [Fact]
    public void A_user_index_of_zero_and_a_set_flag_are_written()
    {
        var json = JsonSerializer.Serialize(new StepRun { Step = "register-user", UserIndex = 0, Interrupted = true, AttemptsForgiven = 2 }, SagaJson.Options);

        Assert.Contains("\"userIndex\":0", json, StringComparison.Ordinal);
        Assert.Contains("\"interrupted\":true", json, StringComparison.Ordinal);
        Assert.Contains("\"attemptsForgiven\":2", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_member_a_new_step_has_is_at_the_value_a_missing_member_reads_as()
    {
        var fresh = new StepRun();
        var departures = typeof(StepRun).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.CanWrite && property.Name != nameof(StepRun.Step))
            .Where(property => !Equals(property.GetValue(fresh), property.PropertyType.IsValueType ? Activator.CreateInstance(property.PropertyType) : null))
            .Select(property => property.Name)
            .ToList();

        Assert.Empty(departures);
    }
}
