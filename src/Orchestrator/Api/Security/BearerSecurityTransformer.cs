using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Knapscen.Sagas.Orchestrator.Api.Security;

/// <summary>
/// Describes the bearer tokens in the OpenAPI document, and on each operation that needs one which role it needs, so
/// generated clients and API explorers send the token and show who may call what.
/// </summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = $"A token from Api:Tokens:<name>:Token; its Role ({ApiRoles.ReadOnly} or {ApiRoles.Admin}) decides what it may call.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return Task.CompletedTask;
        }

        var policies = metadata.OfType<IAuthorizeData>().Select(data => data.Policy).OfType<string>().ToList();
        if (policies.Count == 0)
        {
            return Task.CompletedTask;
        }

        // The most demanding policy on the endpoint is the one a caller must satisfy.
        var role = policies.Contains(ApiRoles.AdminPolicy, StringComparer.Ordinal) ? ApiRoles.Admin : ApiRoles.ReadOnly + " or " + ApiRoles.Admin;
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
        operation.Description = string.IsNullOrEmpty(operation.Description) ? $"Role: {role}." : $"{operation.Description} Role: {role}.";
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No token, or a token the API does not know." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = $"The token's role is not {role}." });
        return Task.CompletedTask;
    }
}
