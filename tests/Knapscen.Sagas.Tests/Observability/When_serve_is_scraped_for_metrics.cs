using System.Net;
using System.Text;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;

namespace Knapscen.Sagas.Tests.Observability;

[Trait("Tier", "e2e")]
public sealed class When_serve_is_scraped_for_metrics
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task One_onboarding_moves_the_counters_by_one_fills_the_step_histogram_and_shows_in_the_state_gauge()
    {
        await using var serve = await ServeUnderTest.StartAsync();
        var before = await serve.ScrapeAsync();
        var sagaId = Guid.NewGuid();

        await serve.Publisher.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));

        Assert.Equal("Completed", (await serve.Publisher.WaitForFinalAsync(sagaId, Timeout)).State);
        // The gauge is cached for a few seconds and the counter is added just after the commit the database shows.
        var after = await Eventually.ReturnsAsync(
            async () => await serve.ScrapeAsync() is var scrape
                && scrape.Value("knapscen_sagas", ("state", "Completed")) == 1
                && scrape.Value("knapscen_sagas_completed_total") > before.Value("knapscen_sagas_completed_total")
                    ? scrape
                    : null,
            Timeout,
            "the completed onboarding on /metrics");
        Assert.Equal("counter", after.Types["knapscen_sagas_started_total"]);
        Assert.Equal("histogram", after.Types["knapscen_step_duration_seconds"]);
        Assert.Equal("gauge", after.Types["knapscen_sagas"]);
        Assert.Equal(1, after.Value("knapscen_sagas_started_total") - before.Value("knapscen_sagas_started_total"));
        Assert.Equal(1, after.Value("knapscen_sagas_completed_total") - before.Value("knapscen_sagas_completed_total"));
        Assert.Equal(0, after.Value("knapscen_sagas_compensated_total"));
        var perStep = new Dictionary<string, int>
        {
            [StepNames.RegisterCustomer] = 1,
            [StepNames.RegisterUser] = 3,
            [StepNames.SendWelcomeEmail] = 3,
            [StepNames.NotifyMarketing] = 1,
            [StepNames.OrderSwag] = 1,
            [StepNames.CreateTouchpoints] = 1,
        };
        foreach (var (step, attempts) in perStep)
        {
            var labels = new[] { ("step", step), ("outcome", "succeeded") };
            Assert.Equal(attempts, after.Value("knapscen_step_duration_seconds_count", labels));
            Assert.Equal(attempts, after.Value("knapscen_step_duration_seconds_bucket", [.. labels, ("le", "+Inf")]));
            Assert.InRange(after.Value("knapscen_step_duration_seconds_sum", labels), 0.001, Timeout.TotalSeconds * attempts);
        }

        Assert.Equal(2, after.Matching("knapscen_intake_pending").Count());
    }

    [Fact]
    public async Task An_invalid_event_moves_the_dead_letter_counter_and_metrics_need_no_token()
    {
        await using var serve = await ServeUnderTest.StartAsync();
        using var anonymous = serve.Client();
        using var api = await anonymous.GetAsync(new Uri("api/sagas", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        var before = await serve.ScrapeAsync();

        await serve.Publisher.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes("this is not json {"));

        await Eventually.TrueAsync(
            async () => (await serve.ScrapeAsync()).Value("knapscen_events_dead_lettered_total", ("reason", "invalid"))
                == before.Value("knapscen_events_dead_lettered_total", ("reason", "invalid")) + 1,
            Timeout,
            "the dead-lettered event counted on /metrics");
        Assert.Single(await serve.Publisher.ReadDeadLettersAsync(1, Timeout));
    }
}
