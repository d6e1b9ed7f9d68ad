using System.Net;
using System.Text.Json;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Api;

internal static class ApiJson
{
    public static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string path) => await OkAsync(await client.GetAsync(new Uri(path, UriKind.Relative)));

    /// <summary>Polls the details endpoint until the saga exists and is in <paramref name="state"/>.</summary>
    public static Task<string> WaitForStateAsync(HttpClient client, Guid sagaId, string state) =>
        Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await client.GetAsync(new Uri($"/api/sagas/{sagaId}", UriKind.Relative));
                // 404 until the intake has created the saga; any other error fails at once instead of timing out.
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                var details = await OkAsync(response);
                return details.GetProperty("summary").GetProperty("state").GetString() == state ? state : null;
            },
            TimeSpan.FromSeconds(60),
            $"saga {sagaId} reaching {state}");
}
