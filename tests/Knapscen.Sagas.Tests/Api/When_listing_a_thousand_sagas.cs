using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Knapscen.Sagas.Tests.Api;

/// <summary>The list's filters and paging over a thousand seeded rows, and its parameter validation.</summary>
[Trait("Tier", "integration")]
public sealed class When_listing_a_thousand_sagas : IClassFixture<ApiApp>, IAsyncLifetime
{
    private readonly ApiApp app;
    private readonly IReadOnlyList<SeededSaga> sagas = SeededSaga.Create(1000);
    private readonly HttpClient client;

    public When_listing_a_thousand_sagas(ApiApp app)
    {
        this.app = app;
        client = app.Client(ApiApp.ReadOnlyToken);
    }

    public Task InitializeAsync() => SeededSaga.InsertAsync(app.ConnectionString, sagas);

    public async Task DisposeAsync()
    {
        client.Dispose();
        await using var connection = new MySqlConnector.MySqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlConnector.MySqlCommand("DELETE FROM onboarding_sagas WHERE registration_event_source = 'api-tests'", connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Pages_cover_every_saga_once()
    {
        var first = await ListAsync("");
        Assert.Equal(1000, first.GetProperty("total").GetInt64());
        Assert.Equal(50, first.GetProperty("items").GetArrayLength());

        var seen = new HashSet<Guid>();
        for (var page = 1; page <= 4; page++)
        {
            var result = await ListAsync($"page={page}&pageSize=300");
            Assert.Equal(page < 4 ? 300 : 100, result.GetProperty("items").GetArrayLength());
            foreach (var item in result.GetProperty("items").EnumerateArray())
            {
                Assert.True(seen.Add(item.GetProperty("sagaId").GetGuid()), "a saga appeared on two pages");
            }
        }

        Assert.Equal(sagas.Select(saga => saga.Id).ToHashSet(), seen);
        var pastTheEnd = await ListAsync("page=3&pageSize=500");
        Assert.Equal(0, pastTheEnd.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Filters_by_state_since_customer_and_stuck()
    {
        var completed = await ListAsync("state=Completed&pageSize=500");
        Assert.Equal(sagas.Count(saga => saga.State == "Completed"), completed.GetProperty("total").GetInt64());
        Assert.All(completed.GetProperty("items").EnumerateArray(), item => Assert.Equal("Completed", item.GetProperty("state").GetString()));

        var since = SeededSaga.Start.AddMinutes(900);
        var recent = await ListAsync($"since={since.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}&pageSize=500");
        Assert.Equal(sagas.Count(saga => saga.CreatedAt >= since), recent.GetProperty("total").GetInt64());

        var customer = await ListAsync($"customer={Uri.EscapeDataString(SeededSaga.UniqueCustomer)}");
        var only = Assert.Single(customer.GetProperty("items").EnumerateArray());
        Assert.Equal(SeededSaga.UniqueCustomer, only.GetProperty("customerName").GetString());

        var stuck = await ListAsync("stuck=true&pageSize=500");
        Assert.Equal(sagas.Count(saga => saga.IsStuck), stuck.GetProperty("total").GetInt64());
        Assert.All(stuck.GetProperty("items").EnumerateArray(), item => Assert.True(item.GetProperty("stuck").GetBoolean()));
    }

    [Fact]
    public async Task A_customer_filter_is_matched_as_written_not_as_a_pattern()
    {
        // No seeded name holds '%' or '_': as LIKE wildcards they would match every saga, or "Zebra Unique".
        var percent = await ListAsync($"customer={Uri.EscapeDataString("%")}");
        Assert.Equal(0, percent.GetProperty("total").GetInt64());
        var underscore = await ListAsync($"customer={Uri.EscapeDataString("Zebra_Unique")}");
        Assert.Equal(0, underscore.GetProperty("total").GetInt64());

        var written = await ListAsync($"customer={Uri.EscapeDataString("zebra unique")}");
        Assert.Equal(1, written.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=501", "pageSize")]
    [InlineData("state=Sleeping", "state")]
    [InlineData("since=yesterday", "since")]
    [InlineData("stuck=maybe", "stuck")]
    public async Task A_bad_parameter_is_400_naming_it(string query, string parameter)
    {
        using var response = await client.GetAsync(new Uri($"/api/sagas?{query}", UriKind.Relative));
        await ProblemAssert.NamesParameterAsync(response, parameter);
    }

    [Fact]
    public async Task Details_of_an_unknown_saga_are_404_and_of_a_malformed_id_400()
    {
        using var unknown = await client.GetAsync(new Uri($"/api/sagas/{Guid.NewGuid()}", UriKind.Relative));
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        using var malformed = await client.GetAsync(new Uri("/api/sagas/not-a-uuid", UriKind.Relative));
        await ProblemAssert.NamesParameterAsync(malformed, "id");
    }

    private Task<JsonElement> ListAsync(string query) => ApiJson.GetAsync(client, $"/api/sagas?{query}");
}
