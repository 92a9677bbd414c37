using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// The scale-out layout through nginx: each browser stays on one web node, and when that node stops its people carry
/// on on the other one, signed in and with what they saved.
/// </summary>
public sealed class ClusterTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    /// <summary>A stopping node ends its circuits, the browser retries every second, the other node refuses the unknown
    /// circuit and the page reloads: seconds normally, much longer on a busy machine.</summary>
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task People_on_a_stopped_web_node_carry_on_on_the_other_signed_in_with_their_edits()
    {
        // Two browsers on different nodes: nginx pins each new browser to a node by a random id, so new browsers are
        // opened until one lands on the other node.
        var (ada, adaNode) = await OpenLoginPageAsync();
        var (bo, boNode) = await OpenLoginPageAsync();
        for (var attempt = 0; boNode == adaNode; attempt++)
        {
            Assert.True(attempt < 30, $"30 new browsers all landed on {adaNode}: nginx does not spread them. {cluster.RecentRequests()}");
            await bo.Context.CloseAsync();
            (bo, boNode) = await OpenLoginPageAsync();
        }

        var web1 = cluster.Node("WEB1");
        var web2 = cluster.Node("WEB2");
        Assert.Equal(new HashSet<string> { web1, web2 }, new HashSet<string> { adaNode, boNode });

        await SignInAsync(ada, "founder.a@portal.local");
        await SignInAsync(bo, "founder.b@portal.local");
        // Every request of a browser goes to its node: the canvas too, and its circuit with it.
        Assert.Equal(adaNode, await OpenCanvasAsync(ada));
        Assert.Equal(boNode, await OpenCanvasAsync(bo));

        var (leaving, staying) = adaNode == web1 ? (ada, bo) : (bo, ada);
        var note = $"Saved before the stop {Guid.NewGuid():N}"[..34];
        await leaving.Locator("[data-testid=add-Channels]").FillAsync(note);
        await leaving.Locator("[data-testid=add-Channels]").PressAsync("Enter");
        var savedNote = leaving.Locator("[data-testid=block-Channels] [data-testid=canvas-note]", new() { HasText = note });
        await Assertions.Expect(savedNote).ToBeVisibleAsync();

        // The page on web node 1 loses its circuit with the node and gets a new one on web node 2 by reloading. A new
        // document is what tells that reload apart from the page that was there: its load event, and the node that
        // served it.
        var reloaded = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        leaving.Response += async (_, response) =>
        {
            if (!response.Request.IsNavigationRequest || response.Frame != leaving.MainFrame)
            {
                return;
            }

            // An event handler: whatever goes wrong is handed to the test rather than thrown where nobody catches it.
            try
            {
                reloaded.TrySetResult(LastNode(await response.HeaderValueAsync("x-portal-node")));
            }
            catch (Exception error)
            {
                reloaded.TrySetException(error);
            }
        };
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        leaving.Load += (_, _) => loaded.TrySetResult();
        await staying.EvaluateAsync("window.clusterTestDocument = 'before the stop'");

        await cluster.RunScriptAsync("web-stop", "1");
        Assert.Equal("", cluster.Settings["PORTAL_WEB1_PID"]);

        string reloadedOn;
        try
        {
            reloadedOn = await reloaded.Task.WaitAsync(FailoverDeadline);
            await loaded.Task.WaitAsync(FailoverDeadline);
        }
        catch (TimeoutException)
        {
            var screenshot = Path.Combine(PortalServer.ArtifactsDirectory, $"cluster-failover-{Guid.NewGuid():N}.png");
            await leaving.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot });
            throw new TimeoutException($"The page on the stopped node did not reload within {FailoverDeadline}; screenshot: {screenshot}. "
                + $"nginx saw: {cluster.RecentRequests()}");
        }

        Assert.Equal(web2, reloadedOn);
        await PortalServer.WaitUntilInteractiveAsync(leaving);
        // Still signed in (the cookie node 1 issued is good on node 2: the keys are in the database), still in the
        // workspace, and the note saved on node 1 is there.
        await Assertions.Expect(leaving).ToHaveURLAsync(new Regex("/w/loomsight/canvas$"));
        await Assertions.Expect(leaving.Locator("[data-testid=account-link]")).ToBeVisibleAsync();
        await Assertions.Expect(leaving.Locator("[data-testid=block-Channels] [data-testid=canvas-note]", new() { HasText = note })).ToBeVisibleAsync();

        // The browser on node 2 noticed nothing: the same document, still interactive.
        Assert.Equal("before the stop", await staying.EvaluateAsync<string>("window.clusterTestDocument"));
        await PortalServer.WaitUntilInteractiveAsync(staying);

        await leaving.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "cluster-after-failover.png") });
    }

    /// <summary>A new browser on the login page, and the node nginx pinned it to.</summary>
    private async Task<(IPage Page, string Node)> OpenLoginPageAsync()
    {
        var page = await cluster.NewPageAsync();
        var response = await page.GotoAsync("Account/Login") ?? throw new InvalidOperationException("The login page gave no response.");
        Assert.Equal(200, response.Status);
        return (page, LastNode(await response.HeaderValueAsync("x-portal-node")));
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync("Demo-Pass-2026");
        await page.Locator("[data-testid=login-submit]").ClickAsync();
        await page.Locator("[data-testid=account-link]").WaitForAsync();
    }

    /// <summary>Opens the demo workspace's canvas, interactive, and returns the node that served it.</summary>
    private static async Task<string> OpenCanvasAsync(IPage page)
    {
        var response = await page.GotoAsync("w/loomsight/canvas") ?? throw new InvalidOperationException("The canvas gave no response.");
        await PortalServer.WaitUntilInteractiveAsync(page);
        return LastNode(await response.HeaderValueAsync("x-portal-node"));
    }

    /// <summary>nginx lists every node it tried ("a, b" when a was down); the last one answered.</summary>
    private static string LastNode(string? header) =>
        header?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
        ?? throw new InvalidOperationException("nginx sent no X-Portal-Node header.");
}
