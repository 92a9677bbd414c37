using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Features.Admin;

public sealed record UserRow(string Id, string DisplayName, string Email, bool IsInstructor, bool IsAdmin);

/// <summary>What an admin does: grant and withdraw the Instructor role. Callers who are not admins are refused.</summary>
public sealed class UserAdministrationService(IServiceScopeFactory scopes)
{
    public const int PageSize = 50;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Globalization", "CA1304", Justification = "Translated to SQL's upper(); EF translates no overload with a culture.")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Globalization", "CA1311", Justification = "As above.")]
    public async Task<IReadOnlyList<UserRow>> SearchAsync(string adminId, string? query, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        await DemandAdminAsync(users, adminId);
        var term = (query ?? "").Trim();
        // Matched upper-cased: LIKE ignores case on SQLite but not on PostgreSQL.
        var pattern = $"%{term.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant()}%";
        var found = await users.Users.AsNoTracking()
            .Where(u => term.Length == 0 || EF.Functions.Like(u.NormalizedEmail!, pattern) || EF.Functions.Like(u.DisplayName!.ToUpper(), pattern))
            .OrderBy(u => u.NormalizedEmail)
            .Take(PageSize)
            .ToListAsync(cancellationToken);
        var instructors = (await users.GetUsersInRoleAsync(PortalRoles.Instructor)).Select(u => u.Id).ToHashSet();
        var admins = (await users.GetUsersInRoleAsync(PortalRoles.Admin)).Select(u => u.Id).ToHashSet();
        return found.Select(u => new UserRow(u.Id, u.NameForDisplay, u.Email ?? "", instructors.Contains(u.Id), admins.Contains(u.Id))).ToList();
    }

    public async Task SetInstructorAsync(string adminId, string userId, bool instructor)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        await DemandAdminAsync(users, adminId);
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException("No such user.");
        var isInstructor = await users.IsInRoleAsync(user, PortalRoles.Instructor);
        var result = instructor && !isInstructor ? await users.AddToRoleAsync(user, PortalRoles.Instructor)
            : !instructor && isInstructor ? await users.RemoveFromRoleAsync(user, PortalRoles.Instructor)
            : IdentityResult.Success;
        DatabaseInitializer.EnsureSucceeded(result, "change the Instructor role");
        // The role travels in the sign-in cookie: the security stamp makes the user's sessions pick it up.
        await users.UpdateSecurityStampAsync(user);
    }

    private static async Task DemandAdminAsync(UserManager<ApplicationUser> users, string adminId)
    {
        var admin = await users.FindByIdAsync(adminId);
        if (admin is null || !await users.IsInRoleAsync(admin, PortalRoles.Admin))
        {
            throw new UnauthorizedAccessException("Only admins manage roles.");
        }
    }
}
