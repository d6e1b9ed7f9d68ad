using System.Text;
using System.Text.Json;

namespace Knapscen.Sagas.Tests.Api;

/// <summary>Customer-registered CloudEvents as HTTP requests, in both modes.</summary>
internal static class ApiEvents
{
    public const string Type = "disco.knapscen.customer.registered";

    // The step catalog hands the event's time to register-customer, so an onboarding needs it.
    private static string Time => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string Data(string customerName) => JsonSerializer.Serialize(new
    {
        name = customerName,
        subscription_tier = "basic",
        users = new[] { new { name = "Ada Owner", email = $"owner-{Guid.NewGuid():N}@example.com", role = "customer_account_owner" } },
    });

    public static HttpRequestMessage Structured(Guid sagaId, string customerName, string? type = null)
    {
        var body = $$"""
            {"specversion":"1.0","type":"{{type ?? Type}}","source":"api-tests","subject":"{{sagaId}}","id":"evt-{{sagaId:N}}","time":"{{Time}}",
             "datacontenttype":"application/json","data":{{Data(customerName)}}}
            """;
        return new HttpRequestMessage(HttpMethod.Post, "/api/events")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/cloudevents+json"),
        };
    }

    public static HttpRequestMessage Binary(Guid sagaId, string customerName)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/events")
        {
            Content = new StringContent(Data(customerName), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-type", Type);
        request.Headers.Add("ce-source", "api-tests");
        request.Headers.Add("ce-subject", sagaId.ToString());
        request.Headers.Add("ce-id", $"evt-{sagaId:N}");
        request.Headers.Add("ce-time", Time);
        return request;
    }
}
