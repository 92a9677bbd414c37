using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Infrastructure;

namespace Portal.Components.Account;

// Checks the connected user's security stamp while a circuit is open, every Portal:CircuitRevalidationSeconds (a
// minute by default): signing out elsewhere, a changed password or a removed role (each renews the stamp) signs the open
// pages out within that time, not half an hour. Access to workspace data does not wait for this: every service call
// reads the roles and memberships as they are now.
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options,
        IOptions<PortalOptions> portalOptions,
        IHostApplicationLifetime lifetime)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    private readonly CancellationToken stopping = lifetime.ApplicationStopping;

    private int checksPassed;

    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(portalOptions.Value.CircuitRevalidationSeconds);

    /// <summary>How many checks this circuit's session has passed so far, for tests that wait for some to have happened.</summary>
    internal int ChecksPassed => Volatile.Read(ref checksPassed);

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A host that is stopping ends the circuit anyway, and its services may be gone: nothing to check against.
        if (stopping.IsCancellationRequested)
        {
            return true;
        }

        // Get the user manager from a new scope to ensure it fetches fresh data
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var valid = await ValidateSecurityStampAsync(userManager, authenticationState.User);
        if (valid)
        {
            Interlocked.Increment(ref checksPassed);
        }

        return valid;
    }

    private async Task<bool> ValidateSecurityStampAsync(UserManager<ApplicationUser> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }
        else if (!userManager.SupportsUserSecurityStamp)
        {
            return true;
        }
        else
        {
            var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
            var userStamp = await userManager.GetSecurityStampAsync(user);
            return principalStamp == userStamp;
        }
    }
}
