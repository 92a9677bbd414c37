using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// The scale-out layout through nginx: each browser stays on one web node, and when that node stops its people carry
/// on on the other one, signed in and with what they saved.
/// </summary>
[Collection(ClusterFixture.Collection)]
public sealed class ClusterTests(ClusterFixture cluster)
{
    /// <summary>A stopping node ends its circuits, the browser retries every second, the other node refuses the unknown
    /// circuit and the page reloads: seconds normally, much longer on a busy machine.</summary>
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task People_on_a_stopped_web_node_carry_on_on_the_other_signed_in_with_their_edits()
    {
        await cluster.EnsureWholeAsync();
        var (onWeb1, onWeb2) = await ClusterBrowsers.OnBothWebNodesAsync(cluster);
        // Every request of a browser goes to its node: the canvas too, and its circuit with it.
        Assert.Equal(onWeb1.Node, await ClusterBrowsers.OpenAsync(onWeb1.Page, "w/loomsight/canvas"));
        Assert.Equal(onWeb2.Node, await ClusterBrowsers.OpenAsync(onWeb2.Page, "w/loomsight/canvas"));

        var (leaving, staying) = (onWeb1.Page, onWeb2.Page);
        await PortalServer.WaitUntilCanvasAddBoxesReadyAsync(leaving);
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
                reloaded.TrySetResult(ClusterBrowsers.LastNode(await response.HeaderValueAsync("x-portal-node")));
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

        Assert.Equal(onWeb2.Node, reloadedOn);
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
}
