using Knapscen.Sagas.Orchestrator.WebConsole.Security;
using Knapscen.Sagas.Persistence.Migrations;
using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace Knapscen.Sagas.Tests.Console;

[Trait("Tier", "integration")]
public sealed class When_the_console_keys_are_kept_in_the_database
{
    [Fact]
    public async Task Should_let_another_replica_or_a_restarted_one_read_what_the_first_protected()
    {
        await using var database = await TestDatabase.CreateAsync();
        var connectionString = database.ConnectionString;

        string protectedCookie;
        using (var first = Replica(connectionString))
        {
            protectedCookie = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("signed in as ops");
        }

        // A process that never saw the first one's memory: only the database can give it the key.
        using var second = Replica(connectionString);
        Assert.Equal("signed in as ops", second.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(protectedCookie));
        Assert.Single(new MySqlXmlRepository(connectionString).GetAllElements());
    }

    private static ServiceProvider Replica(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("knapscen");
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = new MySqlXmlRepository(connectionString));
        return services.BuildServiceProvider();
    }
}
