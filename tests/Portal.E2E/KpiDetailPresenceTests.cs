using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Features.Kpis;
using Portal.Features.Workspaces;

namespace Portal.E2E;

/// <summary>The KPI detail page has the workspace tool bar, and with it who else is on the KPIs.</summary>
public sealed partial class KpiDetailPresenceTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Ada = "founder.a@portal.local";
    private const string Bo = "founder.b@portal.local";

    [Fact]
    public async Task Ada_and_Bo_on_the_same_kpi_see_each_other_until_one_leaves()
    {
        var kpi = await CreateKpiAsync($"Presence {Guid.NewGuid():N}"[..17]);

        var ada = await OpenAsync(Ada, $"w/loomsight/kpis/{kpi}");
        await Assertions.Expect(ada.Locator("[data-testid=page-viewer]")).ToHaveCountAsync(0);
        var bo = await OpenAsync(Bo, $"w/loomsight/kpis/{kpi}");

        await Assertions.Expect(ada.Locator("[data-testid=page-viewer]")).ToHaveTextAsync("B");
        await Assertions.Expect(bo.Locator("[data-testid=page-viewer]")).ToHaveTextAsync("A");
        // The tool bar marks the KPIs as the tool in use, as on the list.
        await Assertions.Expect(bo.Locator("[data-testid=tool-kpis]")).ToHaveClassAsync(CurrentTool());
        await ada.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "presence-kpi-detail.png") });

        await bo.CloseAsync();
        await Assertions.Expect(ada.Locator("[data-testid=page-viewer]")).ToHaveCountAsync(0);
    }

    /// <summary>Opens the page and waits until it counts as present, so that what the others see next includes it.</summary>
    private async Task<IPage> OpenAsync(string email, string address)
    {
        var page = await server.SignedInPageAsync(email);
        await page.GotoAsync(address);
        await PortalServer.WaitUntilInteractiveAsync(page);
        await page.Locator("[data-testid=page-presence][data-live]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    private async Task<Guid> CreateKpiAsync(string name)
    {
        var ada = await server.UserIdAsync(Ada);
        var workspace = (await server.Services.GetRequiredService<WorkspaceService>().GetAccessAsync(ada, "loomsight"))!;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var input = new KpiInput(name, "mills", 20, 60, KpiDirection.Increase, today.AddDays(-30), today.AddMonths(4),
            "Mills on a paid plan", "Billing system, monthly", "Two sales hires", "Revenue grows with mills", null, null, ada);
        return (await server.Services.GetRequiredService<KpiService>().CreateAsync(ada, workspace.WorkspaceId, input)).Id;
    }

    [GeneratedRegex("mud-button-filled")]
    private static partial Regex CurrentTool();
}
