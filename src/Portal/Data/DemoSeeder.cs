using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Features.Workspaces;

namespace Portal.Data;

/// <summary>Demo accounts and a demo workspace for Development; safe to run on every start.</summary>
public static class DemoSeeder
{
    public const string Password = "Demo-Pass-2026";
    public const string AdminEmail = "admin@portal.local";
    public const string InstructorEmail = "instructor@portal.local";
    public const string FounderAEmail = "founder.a@portal.local";
    public const string FounderBEmail = "founder.b@portal.local";
    public const string WorkspaceSlug = "loomsight";

    public static async Task SeedAsync(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        await EnsureUserAsync(users, AdminEmail, "Admin", PortalRoles.Admin);
        await EnsureUserAsync(users, InstructorEmail, "Iris Instructor", PortalRoles.Instructor);
        var founderA = await EnsureUserAsync(users, FounderAEmail, "Ada Founder", PortalRoles.Founder);
        var founderB = await EnsureUserAsync(users, FounderBEmail, "Bo Founder", PortalRoles.Founder);

        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        if (await db.Workspaces.AnyAsync(w => w.Slug == WorkspaceSlug))
        {
            return;
        }

        var workspace = new Workspace
        {
            Name = "Loomsight",
            Slug = WorkspaceSlug,
            Pitch = "Camera-based defect detection for small textile mills.",
            Stage = WorkspaceStage.Validation,
            Industry = "Manufacturing",
        };
        workspace.Members.Add(new WorkspaceMember { UserId = founderA.Id, Role = WorkspaceRole.Owner });
        workspace.Members.Add(new WorkspaceMember { UserId = founderB.Id, Role = WorkspaceRole.Editor });
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
    }

    private static async Task<ApplicationUser> EnsureUserAsync(UserManager<ApplicationUser> users, string email, string displayName, string role)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
            DatabaseInitializer.EnsureSucceeded(await users.CreateAsync(user, Password), $"create {email}");
        }

        if (!await users.IsInRoleAsync(user, role))
        {
            DatabaseInitializer.EnsureSucceeded(await users.AddToRoleAsync(user, role), $"add {email} to {role}");
        }

        return user;
    }
}
