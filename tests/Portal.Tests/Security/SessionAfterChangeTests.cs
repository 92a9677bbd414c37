using System.Net;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Account;
using Portal.Data;
using Portal.Features.Admin;
using Portal.Features.Canvas;
using Portal.Features.Cohorts;
using Portal.Features.Workspaces;
using Portal.Tests.Account;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Security;

/// <summary>How an instructor loses the role.</summary>
public enum RoleRemoval
{
    /// <summary>By an admin on the users page, which renews the user's security stamp.</summary>
    ByAdmin,

    /// <summary>In the user store alone, stamp unchanged: only the roles read on every request keep the cohort closed.</summary>
    InTheStoreOnly,
}

/// <summary>
/// Sessions that began before a change: a cookie saved while the user was an instructor, and an open page whose user
/// signs out elsewhere or loses the role. What was allowed then must open nothing now.
/// </summary>
public sealed class SessionAfterChangeTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    [Theory]
    [InlineData(RoleRemoval.ByAdmin)]
    [InlineData(RoleRemoval.InTheStoreOnly)]
    public async Task A_session_cookie_from_before_the_instructor_role_was_removed_opens_nothing_of_the_cohort(RoleRemoval removal)
    {
        var marker = $"KEPT{Guid.NewGuid():N}"[..16];
        var instructor = await TestUsers.CreateAsync(world.Services, "Instructor", PortalRoles.Instructor);
        var owner = world.Id(Persona.Owner)!;
        var workspace = await world.Workspaces.CreateAsync(owner, new WorkspaceInput($"Team {marker}", "", WorkspaceStage.Idea, ""));
        await world.Services.GetRequiredService<CanvasService>().AddNoteAsync(owner, workspace.Id, CanvasBlock.CustomerSegments, $"Note {marker}", NoteColour.Yellow);
        var cohort = await world.Services.GetRequiredService<CohortService>().CreateAsync(
            instructor, new CohortInput($"Cohort {marker}", new DateOnly(2026, 12, 1), new DateOnly(2027, 3, 1), []));
        await world.Workspaces.JoinCohortAsync(owner, workspace.Id, cohort.JoinCode);
        string[] urls =
        [
            $"/cohorts/{cohort.Id}", $"/cohorts/{cohort.Id}/dashboard.csv", $"/w/{workspace.Slug}", $"/w/{workspace.Slug}/plan.md",
            $"/w/{workspace.Slug}/canvas/export.json",
        ];

        // A copy of the instructor's session cookie, as someone who saved it would send it.
        var signedIn = await AccountTests.LogInAsync(world.CreateBrowserClient(), await TestUsers.EmailOfAsync(world.Services, instructor), TestUsers.Password);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal)).Split(';')[0];
        using var saved = world.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        saved.DefaultRequestHeaders.Add("Cookie", session);
        foreach (var url in urls)
        {
            using var before = await saved.GetAsync(url);
            Assert.True(before.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)before.StatusCode} while the role was held");
            Assert.Contains(marker, await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await RemoveInstructorRoleAsync(instructor, removal);

        foreach (var url in urls)
        {
            using var after = await saved.GetAsync(url);
            var body = await after.Content.ReadAsStringAsync();
            Assert.False(body.Contains(marker, StringComparison.Ordinal), $"{url} still shows the cohort's data ({(int)after.StatusCode})");
            if (removal == RoleRemoval.ByAdmin)
            {
                // The renewed stamp ends the session itself: every request is sent to sign in again.
                Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
                Assert.Contains("/Account/Login", after.Headers.Location?.OriginalString, StringComparison.Ordinal);
            }
            else if (!url.Contains('.', StringComparison.Ordinal))
            {
                Assert.True((int)after.StatusCode is 200 or 302 or 403 or 404, $"{url} answered {(int)after.StatusCode}");
            }
            else
            {
                Assert.True(after.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{url} answered {(int)after.StatusCode}");
            }
        }
    }

    private async Task RemoveInstructorRoleAsync(string instructor, RoleRemoval removal)
    {
        if (removal == RoleRemoval.ByAdmin)
        {
            var admin = await TestUsers.CreateAsync(world.Services, "Admin", PortalRoles.Admin);
            await world.Services.GetRequiredService<UserAdministrationService>().SetInstructorAsync(admin, instructor, instructor: false);
            return;
        }

        await using var scope = world.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByIdAsync(instructor))!;
        var stamp = await users.GetSecurityStampAsync(user);
        Assert.True((await users.RemoveFromRoleAsync(user, PortalRoles.Instructor)).Succeeded);
        Assert.Equal(stamp, await users.GetSecurityStampAsync((await users.FindByIdAsync(instructor))!));
    }
}

/// <summary>The portal with open pages re-checking their session every fifth of a second instead of every minute.</summary>
public sealed class QuickRevalidationWorld : WorkspaceWorld
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Portal:CircuitRevalidationSeconds", "0.2");
    }
}

/// <summary>What happens to how to end an open page's session.</summary>
public enum SessionEnd
{
    InstructorRoleRemovedByAdmin,
    SignedOutInAnotherBrowser,
}

/// <summary>
/// The circuit's authentication state, as an open page holds it (the real provider of the app, in a scope as a circuit
/// has): it stays while the stamp is unchanged and ends at the next check after the stamp changes.
/// </summary>
public sealed class OpenPageRevalidationTests(QuickRevalidationWorld world) : IClassFixture<QuickRevalidationWorld>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_interval_is_a_minute_unless_configured() =>
        Assert.Equal(60, new Portal.Infrastructure.PortalOptions().CircuitRevalidationSeconds);

    [Theory]
    [InlineData(SessionEnd.InstructorRoleRemovedByAdmin)]
    [InlineData(SessionEnd.SignedOutInAnotherBrowser)]
    public async Task An_open_page_s_session_ends_at_the_next_check_after_the_stamp_changes_and_not_before(SessionEnd end)
    {
        var userId = await TestUsers.CreateAsync(world.Services, "OpenPage", PortalRoles.Instructor);
        var bystanderId = await TestUsers.CreateAsync(world.Services, "Bystander", PortalRoles.Instructor);
        await using var circuit = world.Services.CreateAsyncScope();
        await using var bystanderCircuit = world.Services.CreateAsyncScope();
        var page = await OpenAsync(circuit, userId);
        var bystander = await OpenAsync(bystanderCircuit, bystanderId);
        var ended = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        var changeMade = false;
        page.AuthenticationStateChanged += async state =>
        {
            var now = await state;
            if (!Volatile.Read(ref changeMade))
            {
                ended.TrySetException(new InvalidOperationException("The session changed before the stamp did."));
            }

            ended.TrySetResult(now);
        };

        // Several checks pass while nothing changes.
        await WaitUntilAsync(() => ((IdentityRevalidatingAuthenticationStateProvider)page).ChecksPassed >= 3, "three checks of an unchanged stamp");
        Assert.True((await page.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);

        Volatile.Write(ref changeMade, true);
        var checksBefore = ((IdentityRevalidatingAuthenticationStateProvider)bystander).ChecksPassed;
        await EndAsync(userId, end);

        var after = await ended.Task.WaitAsync(Patience);
        Assert.False(after.User.Identity?.IsAuthenticated);
        Assert.False((await page.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
        // Someone else's open page lives on through later checks.
        await WaitUntilAsync(() => ((IdentityRevalidatingAuthenticationStateProvider)bystander).ChecksPassed >= checksBefore + 2, "two more checks of the bystander");
        Assert.True((await bystander.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
    }

    /// <summary>What a circuit does when a page opens: the provider of its scope gets the signed-in user with their current stamp.</summary>
    private static async Task<AuthenticationStateProvider> OpenAsync(AsyncServiceScope circuit, string userId)
    {
        var services = circuit.ServiceProvider;
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var principal = await services.GetRequiredService<SignInManager<ApplicationUser>>().CreateUserPrincipalAsync((await users.FindByIdAsync(userId))!);
        var provider = services.GetRequiredService<AuthenticationStateProvider>();
        Assert.IsType<IdentityRevalidatingAuthenticationStateProvider>(provider);
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return provider;
    }

    private async Task EndAsync(string userId, SessionEnd end)
    {
        if (end == SessionEnd.InstructorRoleRemovedByAdmin)
        {
            var admin = await TestUsers.CreateAsync(world.Services, "Admin", PortalRoles.Admin);
            await world.Services.GetRequiredService<UserAdministrationService>().SetInstructorAsync(admin, userId, instructor: false);
            return;
        }

        var browser = world.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await AccountTests.LogInAsync(browser, await TestUsers.EmailOfAsync(world.Services, userId), TestUsers.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormPoster.SubmitToAsync(browser, "/workspaces", "Account/Logout")).StatusCode);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {Patience.TotalSeconds} s for {what}.");
            await Task.Delay(20);
        }
    }
}
