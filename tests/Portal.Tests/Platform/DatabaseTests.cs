using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Data;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Platform;

public sealed class DatabaseTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task The_database_is_a_WAL_mode_SQLite_file_in_the_configured_data_folder()
    {
        _ = factory.Services;
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, PortalDatabase.FileName)));

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Seeding_twice_changes_nothing()
    {
        var services = factory.Services;
        var environment = services.GetRequiredService<IWebHostEnvironment>();
        var before = await CountAsync(services);

        await services.PreparePortalDatabaseAsync(environment);
        await services.PreparePortalDatabaseAsync(environment);

        Assert.Equal(before, await CountAsync(services));
        Assert.Equal((Users: 4, Roles: 3, Workspaces: 1, Members: 2), before);
    }

    [Fact]
    public async Task Demo_accounts_have_their_roles()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        Assert.Equal([DemoSeeder.InstructorEmail], (await users.GetUsersInRoleAsync(PortalRoles.Instructor)).Select(u => u.Email));
        Assert.Equal([DemoSeeder.AdminEmail], (await users.GetUsersInRoleAsync(PortalRoles.Admin)).Select(u => u.Email));
        Assert.Equal(2, (await users.GetUsersInRoleAsync(PortalRoles.Founder)).Count);
    }

    [Fact]
    public async Task A_stranger_lists_no_workspace_and_a_member_lists_theirs_with_the_role()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var workspaces = scope.ServiceProvider.GetRequiredService<WorkspaceService>();
        var owner = await users.FindByEmailAsync(DemoSeeder.FounderAEmail);
        var stranger = await users.FindByEmailAsync(DemoSeeder.InstructorEmail);

        var owned = Assert.Single(await workspaces.ListForUserAsync(owner!.Id));
        Assert.Equal((DemoSeeder.WorkspaceSlug, WorkspaceRole.Owner, 2), (owned.Slug, owned.Role, owned.MemberCount));
        Assert.Empty(await workspaces.ListForUserAsync(stranger!.Id));
    }

    private static async Task<(int Users, int Roles, int Workspaces, int Members)> CountAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return (await db.Users.CountAsync(), await db.Roles.CountAsync(), await db.Workspaces.CountAsync(), await db.WorkspaceMembers.CountAsync());
    }
}
