using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>A signed-in browser pinned by nginx to one web node.</summary>
public sealed record NodeBrowser(IPage Page, string Node);

/// <summary>Browsers on the cluster: signed in, each on the web node nginx pinned it to.</summary>
public static class ClusterBrowsers
{
    /// <summary>
    /// founder.a and founder.b signed in on different web nodes (web node 1's first). nginx pins each new browser to a
    /// node by a random id, so new browsers are opened until the two land apart.
    /// </summary>
    public static async Task<(NodeBrowser OnWeb1, NodeBrowser OnWeb2)> OnBothWebNodesAsync(ClusterFixture cluster)
    {
        var ada = await OpenLoginPageAsync(cluster);
        var bo = await OpenLoginPageAsync(cluster);
        for (var attempt = 0; bo.Node == ada.Node; attempt++)
        {
            Assert.True(attempt < 30, $"30 new browsers all landed on {ada.Node}: nginx does not spread them. {cluster.RecentRequests()}");
            await bo.Page.Context.CloseAsync();
            bo = await OpenLoginPageAsync(cluster);
        }

        var web1 = cluster.Node("WEB1");
        Assert.Equal(new HashSet<string> { web1, cluster.Node("WEB2") }, new HashSet<string> { ada.Node, bo.Node });
        await SignInAsync(ada.Page, "founder.a@portal.local");
        await SignInAsync(bo.Page, "founder.b@portal.local");
        return ada.Node == web1 ? (ada, bo) : (bo, ada);
    }

    /// <summary>Opens a page of the site, interactive, and returns the node that served it.</summary>
    public static async Task<string> OpenAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path) ?? throw new InvalidOperationException($"{path} gave no response.");
        await PortalServer.WaitUntilInteractiveAsync(page);
        return LastNode(await response.HeaderValueAsync("x-portal-node"));
    }

    /// <summary>nginx lists every node it tried ("a, b" when a was down); the last one answered.</summary>
    public static string LastNode(string? header) =>
        header?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
        ?? throw new InvalidOperationException("nginx sent no X-Portal-Node header.");

    /// <summary>A new browser on the login page, and the node nginx pinned it to.</summary>
    private static async Task<NodeBrowser> OpenLoginPageAsync(ClusterFixture cluster)
    {
        var page = await cluster.NewPageAsync();
        var response = await page.GotoAsync("Account/Login") ?? throw new InvalidOperationException("The login page gave no response.");
        Assert.Equal(200, response.Status);
        return new NodeBrowser(page, LastNode(await response.HeaderValueAsync("x-portal-node")));
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync("Demo-Pass-2026");
        await page.Locator("[data-testid=login-submit]").ClickAsync();
        await page.Locator("[data-testid=account-link]").WaitForAsync();
    }
}
