using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;

namespace Portal.Tests.Infrastructure;

public static class TestUsers
{
    public const string Password = "Test-Password-1";

    /// <summary>Creates a real Identity account; returns its id.</summary>
    public static Task<string> CreateAsync(IServiceProvider services, string name, string? role = null) =>
        CreateWithEmailAsync(services, $"{name}-{Guid.NewGuid():N}@example.com", name, role);

    public static async Task<string> CreateWithEmailAsync(IServiceProvider services, string email, string name, string? role = null)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, DisplayName = name };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
        if (role is not null)
        {
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }

        return user.Id;
    }

    public static async Task<string> EmailOfAsync(IServiceProvider services, string userId)
    {
        await using var scope = services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(userId);
        return user!.Email!;
    }

    public static async Task<string> IdOfAsync(IServiceProvider services, string email)
    {
        await using var scope = services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        return user!.Id;
    }
}
