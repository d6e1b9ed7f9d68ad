using System.Reflection;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Tests;

[Trait("Tier", "specs")]
public sealed class When_tests_are_sorted_into_tiers
{
    [Fact]
    public void Should_put_every_test_class_in_exactly_one_tier()
    {
        var testClasses = typeof(When_tests_are_sorted_into_tiers).Assembly.GetTypes()
            .Where(type => type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                .Any(method => method.GetCustomAttributes<FactAttribute>(inherit: true).Any()))
            .ToList();

        var misplaced = testClasses
            .Select(type => (type, tiers: TiersOf(type)))
            .Where(entry => entry.tiers.Count != 1 || !Tiers.All.Contains(entry.tiers[0]))
            .Select(entry => $"{entry.type.FullName}: [{string.Join(", ", entry.tiers)}]")
            .ToList();

        Assert.NotEmpty(testClasses);
        Assert.True(misplaced.Count == 0, $"test classes without exactly one of the tiers {string.Join("/", Tiers.All)}:\n{string.Join("\n", misplaced)}");
    }

    private static List<string> TiersOf(Type type) =>
        [.. type.GetCustomAttributesData()
            .Where(attribute => attribute.AttributeType == typeof(TraitAttribute)
                                && (string?)attribute.ConstructorArguments[0].Value == Tiers.Trait)
            .Select(attribute => (string)attribute.ConstructorArguments[1].Value!)];
}
