using System.Text.Json;
using Knapscen.Sagas.Persistence.Model;

namespace Knapscen.Sagas.Persistence;

/// <summary>How the JSON columns of <c>onboarding_sagas</c> are written, for readers that query the table directly.</summary>
public static class SagaJson
{
    public static JsonSerializerOptions Options => JsonColumn.Options;
}
