using System.Net;
using Microsoft.Data.Sqlite;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Platform;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_is_200_Healthy_when_the_database_answers()
    {
        await using var factory = new PortalAppFactory();
        var response = await factory.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_is_503_when_the_database_file_is_gone()
    {
        await using var factory = new PortalAppFactory();
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(factory.DataDirectory, PortalDatabase.FileName + "*"))
        {
            File.Delete(file);
        }

        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
