using System.Text.RegularExpressions;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Tests.Steps;

[Trait("Tier", "specs")]
public partial class LaunchIdsTests
{
    private static readonly Guid Saga = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");

    [Theory]
    [InlineData("register-customer", null, 1)]
    [InlineData("register-user", 2, 3)]
    [InlineData("retract-marketing-notice", null, 100)]
    [InlineData("a-step-name-that-is-far-too-long-to-fit-into-a-kubernetes-job-name", 12, 1)]
    [InlineData("Weird Step_Name!", null, 1)]
    public void Ids_are_dns_labels_of_at_most_63_characters(string step, int? user, int attempt)
    {
        var id = LaunchIds.For(Saga, step, user, attempt);

        Assert.InRange(id.Length, 1, 63);
        Assert.Matches(Dns1123Label(), id);
    }

    [Fact]
    public void Ids_are_deterministic_and_readable()
    {
        Assert.Equal(LaunchIds.For(Saga, "register-user", 1, 2), LaunchIds.For(Saga, "register-user", 1, 2));
        Assert.Equal("register-user-u1-a2-550e8400e29b41d4a716446655440000", LaunchIds.For(Saga, "register-user", 1, 2));
    }

    [Fact]
    public void Distinct_inputs_give_distinct_ids()
    {
        var sagas = new[] { Saga, Guid.Parse("00000000-0000-0000-0000-000000000001") };
        string[] steps = ["x", "x-u1", "x-s", "register-user", "a-step-name-that-is-far-too-long-to-fit-into-a-kubernetes-job-name", "a-step-name-that-is-far-too-long-to-fit-into-a-kubernetes-job-namf", "X"];
        int?[] users = [null, 0, 1, 10];
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var saga in sagas)
        {
            foreach (var step in steps)
            {
                foreach (var user in users)
                {
                    for (var attempt = 1; attempt <= 11; attempt++)
                    {
                        var id = LaunchIds.For(saga, step, user, attempt);
                        var input = $"{saga}/{step}/{user}/{attempt}";
                        Assert.True(seen.TryAdd(id, input), $"{input} and {seen.GetValueOrDefault(id)} share {id}");
                    }
                }
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();
}
