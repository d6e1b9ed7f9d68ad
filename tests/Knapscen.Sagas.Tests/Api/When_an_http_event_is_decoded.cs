using System.Text;
using Knapscen.Sagas.Adapters.Nats;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.Orchestrator.Api.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using NATS.Client.Core;

namespace Knapscen.Sagas.Tests.Api;

/// <summary>POST /api/events decodes with the intake's own core: what NATS refuses, HTTP refuses with the same reason.</summary>
[Trait("Tier", "specs")]
public sealed class When_an_http_event_is_decoded
{
    private const int MaxBodyBytes = 1 << 20;

    private static readonly byte[] Data = Encoding.UTF8.GetBytes("""{"name":"Acme","subscription_tier":"basic","users":[]}""");

    [Fact]
    public async Task Should_refuse_a_malformed_percent_escape_as_the_intake_does()
    {
        var headers = BinaryHeaders();
        headers["ce-source"] = "crm%zz";

        var reason = await HttpRefusalAsync(headers);

        Assert.Equal("header 'ce-source' is not valid percent-encoding: every '%' must be followed by two hex digits", reason);
        Assert.Equal(NatsRefusal(headers), reason);
    }

    [Fact]
    public async Task Should_refuse_a_repeated_ce_id_header_as_the_intake_does()
    {
        var headers = BinaryHeaders();
        headers["ce-id"] = new StringValues(["evt-1", "evt-2"]);

        var reason = await HttpRefusalAsync(headers);

        Assert.Equal("header 'ce-id' has 2 values; exactly one is allowed", reason);
        Assert.Equal(NatsRefusal(headers), reason);
    }

    [Fact]
    public async Task Should_decode_escaped_values_as_the_intake_does()
    {
        var headers = BinaryHeaders();
        headers["ce-source"] = "crm%20eu%C3%A9";

        var request = Request(headers);
        var decoded = await HttpCloudEventReader.ReadAsync(request, MaxBodyBytes, CancellationToken.None);

        Assert.True(decoded.BinaryMode);
        Assert.Equal("crm eué", decoded.Event.Source!.ToString());
        Assert.Equal(new NatsCloudEventBinding().Decode(Nats(headers), Data, MaxBodyBytes).Source, decoded.Event.Source);
    }

    private static Dictionary<string, StringValues> BinaryHeaders() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["ce-specversion"] = "1.0",
        ["ce-id"] = "evt-1",
        ["ce-source"] = "crm",
        ["ce-type"] = "disco.knapscen.customer.registered",
        ["ce-subject"] = Guid.NewGuid().ToString(),
        ["Content-Type"] = "application/json",
    };

    private static async Task<string> HttpRefusalAsync(Dictionary<string, StringValues> headers)
    {
        var error = await Assert.ThrowsAsync<InvalidEventException>(() => HttpCloudEventReader.ReadAsync(Request(headers), MaxBodyBytes, CancellationToken.None));
        return error.Message;
    }

    private static string NatsRefusal(Dictionary<string, StringValues> headers) =>
        Assert.Throws<InvalidCloudEventException>(() => new NatsCloudEventBinding().Decode(Nats(headers), Data, MaxBodyBytes)).Reason;

    private static HttpRequest Request(Dictionary<string, StringValues> headers)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, values) in headers)
        {
            context.Request.Headers[name] = values;
        }

        context.Request.Body = new MemoryStream(Data);
        return context.Request;
    }

    private static NatsHeaders Nats(Dictionary<string, StringValues> headers)
    {
        var nats = new NatsHeaders();
        foreach (var (name, values) in headers)
        {
            nats[name] = values;
        }

        return nats;
    }
}
