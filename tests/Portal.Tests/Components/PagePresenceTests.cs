using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class PagePresenceTests
{
    private static readonly Guid WorkspaceId = Guid.NewGuid();

    [Fact]
    public async Task Viewers_are_counted_per_page_and_the_home_keeps_its_own()
    {
        var events = new InProcessWorkspaceEvents(NullLogger<InProcessWorkspaceEvents>.Instance, TimeProvider.System);

        await using var home = await events.EnterAsync(WorkspaceId, new WorkspaceViewer("ada", "Ada Founder"));
        var onCanvas = await events.EnterAsync(WorkspaceId, new WorkspaceViewer("bo", "Bo Founder", "canvas"));
        await using var onRisks = await events.EnterAsync(WorkspaceId, new WorkspaceViewer("cy", "Cy Founder", "risks"));

        Assert.Equal(["Ada Founder"], events.Viewers(WorkspaceId).Select(v => v.DisplayName));
        Assert.Equal(["Bo Founder"], events.Viewers(WorkspaceId, "canvas").Select(v => v.DisplayName));
        Assert.Equal(["Cy Founder"], events.Viewers(WorkspaceId, "risks").Select(v => v.DisplayName));

        await onCanvas.DisposeAsync();
        Assert.Empty(events.Viewers(WorkspaceId, "canvas"));
    }

    [Fact]
    public async Task The_others_on_the_same_page_appear_and_disappear_live_and_other_pages_do_not_show()
    {
        await using var context = PortalComponentTestContext.Create(out var authorization, services =>
            services.AddSingleton<IWorkspaceEvents>(new InProcessWorkspaceEvents(NullLogger<InProcessWorkspaceEvents>.Instance, TimeProvider.System)));
        authorization.SetAuthorized("Ada Founder").SetClaims(new Claim(ClaimTypes.NameIdentifier, "ada"), new Claim(PortalClaimTypes.DisplayName, "Ada Founder"));
        var events = context.Services.GetRequiredService<IWorkspaceEvents>();

        var presence = context.Render<PagePresence>(parameters => parameters.Add(p => p.WorkspaceId, WorkspaceId).Add(p => p.Page, "canvas"));

        // Ada herself is present but not shown to herself.
        presence.WaitForAssertion(() => Assert.Equal(["Ada Founder"], events.Viewers(WorkspaceId, "canvas").Select(v => v.DisplayName)));
        Assert.Empty(presence.FindAll("[data-testid=page-viewer]"));

        var boOnCanvas = await events.EnterAsync(WorkspaceId, new WorkspaceViewer("bo", "Bo Founder", "canvas"));
        await using var cyOnRisks = await events.EnterAsync(WorkspaceId, new WorkspaceViewer("cy", "Cy Founder", "risks"));
        presence.WaitForAssertion(() => Assert.Equal(["B"], presence.FindAll("[data-testid=page-viewer]").Select(a => a.TextContent.Trim())));

        await boOnCanvas.DisposeAsync();
        presence.WaitForAssertion(() => Assert.Empty(presence.FindAll("[data-testid=page-viewer]")));

        await presence.Instance.DisposeAsync();
        Assert.Empty(events.Viewers(WorkspaceId, "canvas"));
    }

    [Fact]
    public async Task A_page_whose_browser_connection_drops_is_away_until_it_reconnects()
    {
        await using var context = PortalComponentTestContext.Create(out var authorization, services =>
            services.AddSingleton<IWorkspaceEvents>(new InProcessWorkspaceEvents(NullLogger<InProcessWorkspaceEvents>.Instance, TimeProvider.System)));
        authorization.SetAuthorized("Ada Founder").SetClaims(new Claim(ClaimTypes.NameIdentifier, "ada"), new Claim(PortalClaimTypes.DisplayName, "Ada Founder"));
        var events = context.Services.GetRequiredService<IWorkspaceEvents>();
        var connection = context.Services.GetRequiredService<CircuitConnection>();
        var presence = context.Render<PagePresence>(parameters => parameters.Add(p => p.WorkspaceId, WorkspaceId).Add(p => p.Page, "kpis"));
        presence.WaitForAssertion(() => Assert.Single(events.Viewers(WorkspaceId, "kpis")));

        // A closed tab whose goodbye was lost: the circuit lives on for minutes, but its connection is down.
        await connection.OnConnectionDownAsync(null!, CancellationToken.None);
        presence.WaitForAssertion(() => Assert.Empty(events.Viewers(WorkspaceId, "kpis")));

        await connection.OnConnectionUpAsync(null!, CancellationToken.None);
        presence.WaitForAssertion(() => Assert.Single(events.Viewers(WorkspaceId, "kpis")));

        await presence.Instance.DisposeAsync();
        Assert.Empty(events.Viewers(WorkspaceId, "kpis"));
    }
}
