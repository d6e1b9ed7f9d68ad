namespace Knapscen.Sagas.Tests.Docs;

/// <summary>docs/configuration.md lists every key the options classes bind, with the code's default and range.</summary>
[Trait("Tier", "specs")]
public sealed class When_the_configuration_is_documented
{
    [Fact]
    public void The_options_classes_are_found_by_their_sections()
    {
        var found = BoundOptionKey.OptionsClasses().Select(type => type.Name).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "NatsOptions", "StepCatalogOptions", "DeadlineScannerOptions", "InboxRetentionOptions",
                "KubernetesLauncherOptions", "LocalProcessLauncherOptions",
            },
            found);
    }

    [Fact]
    public void Every_bound_key_is_listed_with_its_environment_variable()
    {
        var documented = DocumentedSetting.Read();

        var missing = BoundOptionKey.All().Where(key => !documented.ContainsKey(key.Key)).ToList();

        Assert.True(
            missing.Count == 0,
            $"{DocumentedSetting.Page} lacks {missing.Count} key(s) the code binds; add these rows (and say what each means):\n"
            + string.Join('\n', missing.Select(Row)));
        var wrongVariables = BoundOptionKey.All()
            .Where(key => !key.Key.Contains("<>", StringComparison.Ordinal))
            .Where(key => !documented[key.Key].EnvironmentVariable.Contains($"`{key.Key.Replace(":", "__", StringComparison.Ordinal)}`", StringComparison.Ordinal))
            .Select(key => $"{key.Key}: the environment variable is `{key.Key.Replace(":", "__", StringComparison.Ordinal)}`")
            .ToList();
        Assert.True(wrongVariables.Count == 0, string.Join('\n', wrongVariables));
    }

    [Fact]
    public void Every_listed_default_and_range_is_the_codes()
    {
        var documented = DocumentedSetting.Read();

        var differences = new List<string>();
        foreach (var key in BoundOptionKey.All().Where(key => documented.ContainsKey(key.Key)))
        {
            var row = documented[key.Key];
            if (key.Default is { Length: > 0 } value && !row.Default.Contains($"`{value}`", StringComparison.Ordinal))
            {
                differences.Add($"{row.Key}: the code's default is `{value}`, {DocumentedSetting.Page} says {row.Default}");
            }
            else if (key.Default is "" && row.Default.Contains('`', StringComparison.Ordinal))
            {
                differences.Add($"{row.Key}: the code sets no default (none, empty or required), {DocumentedSetting.Page} says {row.Default}");
            }

            if (key.Range is { } range && !row.Range.Contains(range, StringComparison.Ordinal))
            {
                differences.Add($"{row.Key}: the code accepts {range}, {DocumentedSetting.Page} says '{row.Range}'");
            }
        }

        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }

    private static string Row(BoundOptionKey key)
    {
        var variable = key.Key.Contains("<>", StringComparison.Ordinal) ? "" : $"`{key.Key.Replace(":", "__", StringComparison.Ordinal)}`";
        var value = key.Default switch { null => "", "" => "none", { } text => $"`{text}`" };
        return $"| `{key.Key}` | {variable} | {value} | {key.Range} | ({key.Owner.Name}) |";
    }
}
