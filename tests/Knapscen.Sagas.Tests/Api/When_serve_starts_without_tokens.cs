using Knapscen.Sagas.Orchestrator.Api;
using Knapscen.Sagas.Orchestrator.Cli;
using Knapscen.Sagas.Orchestrator.Hosting;
using Microsoft.Extensions.Configuration;

namespace Knapscen.Sagas.Tests.Api;

[Trait("Tier", "specs")]
public sealed class When_serve_starts_without_tokens
{
    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://127.0.0.1:8080;http://10.1.2.3:8080")]
    [InlineData("http://orchestrator.internal:8080")]
    public void A_url_reachable_from_elsewhere_refuses_to_start_and_says_how_to_configure_a_token(string urls)
    {
        var builder = ServeApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Api:Urls"] = urls });

        var refusal = Assert.Throws<OperatorException>(() => ServeApplication.Build(builder));
        Assert.Contains("Api__Tokens__ops__Token=", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Api__Tokens__ops__Role=admin", refusal.Message, StringComparison.Ordinal);
    }

    /// <summary>Which URLs count as loopback; When_serve_runs_on_loopback_without_tokens calls such a serve anonymously.</summary>
    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://[::1]:8080")]
    public void Loopback_urls_need_no_token(string urls)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Api:Urls"] = urls }).Build();
        Assert.True(ApiSettings.From(configuration).Tokens.IsEmpty);
    }

    [Fact]
    public void A_kestrel_endpoint_reachable_from_elsewhere_refuses_to_start_although_api_urls_is_loopback()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:Urls"] = "http://127.0.0.1:8080",
            ["Kestrel:Endpoints:public:Url"] = "http://0.0.0.0:9090",
        }).Build();

        var refusal = Assert.Throws<OperatorException>(() => ApiSettings.From(configuration));
        Assert.Contains("http://0.0.0.0:9090", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_shorter_than_32_characters_is_refused_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:Tokens:ci:Token"] = "0123456789abcdef0123456789abcde",
            ["Api:Tokens:ci:Role"] = "admin",
        }).Build();

        var refusal = Assert.Throws<OperatorException>(() => ApiSettings.From(configuration));
        Assert.Equal(
            "Api:Tokens:ci:Token is shorter than 32 characters; use a long random secret, for example 'openssl rand -hex 32'.", refusal.Message);
    }

    [Fact]
    public void A_token_with_an_unknown_role_is_refused_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:Tokens:ci:Token"] = "secret-0123456789abcdef0123456789abcdef",
            ["Api:Tokens:ci:Role"] = "superuser",
        }).Build();
        var refusal = Assert.Throws<OperatorException>(() => ApiSettings.From(configuration));
        Assert.Contains("Api:Tokens:ci:Role", refusal.Message, StringComparison.Ordinal);
    }
}
