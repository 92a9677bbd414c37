using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

public sealed partial class GuideReadingTests(PortalServer server) : IClassFixture<PortalServer>
{
    [Fact]
    public async Task A_chapter_renders_its_diagrams_and_formulas_in_the_browser()
    {
        var consoleErrors = new List<string>();
        var page = await server.NewPageAsync(consoleErrors);

        // A chapter is a static page: its script, not a circuit, renders the formulas and diagrams.
        await page.GotoAsync("guide/how-models-learn");

        await Assertions.Expect(page.Locator("[data-testid=chapter-body] pre.mermaid svg").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-testid=chapter-body] .math .katex").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=chapter-body] pre .copy-code").First).ToBeAttachedAsync();
        Assert.True(await page.Locator("[data-testid=chapter-body] .katex-display").CountAsync() >= 1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "guide-chapter.png") });
        await page.Locator("[data-testid=chapter-body] pre.mermaid").First.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "guide-diagram.png") });
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Searching_the_app_bar_for_risk_lands_on_a_risk_chapter_at_its_heading()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("");
        await PortalServer.WaitUntilInteractiveAsync(page);
        // The circuit's first render moves the focus to the heading (FocusOnNavigate); a box that
        // loses the focus closes its results, so type only after that.
        await Assertions.Expect(page.Locator("h1")).ToBeFocusedAsync();

        // One input event: typed key by key, the results for "风" can still be on screen (their
        // marks match too) when the click lands, and lead to another chapter.
        await page.Locator("[data-testid=guide-search]").FillAsync("风险");
        var hits = page.Locator("[data-testid=guide-search-hit]");
        await Assertions.Expect(hits.First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=guide-search]")).ToHaveValueAsync("风险");
        await Assertions.Expect(page.Locator("[data-testid=guide-search-results] mark").First).ToHaveTextAsync(RiskPattern());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "guide-search.png") });
        await hits.First.ClickAsync();

        await page.WaitForURLAsync(RiskChapter());
        await Assertions.Expect(page.Locator("[data-testid=chapter-title]")).ToContainTextAsync("风险");
    }

    [Fact]
    public async Task The_next_chapter_opens_without_a_reload_and_is_finished_like_the_first()
    {
        var consoleErrors = new List<string>();
        var page = await server.NewPageAsync(consoleErrors);
        await page.GotoAsync("guide/how-models-learn");
        await Assertions.Expect(page.Locator("[data-testid=chapter-body] pre.mermaid svg").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.EvaluateAsync("window.sameDocument = true");

        await page.Locator("[data-testid=chapter-next]").ClickAsync();

        await page.WaitForURLAsync("**/guide/trends-and-opportunities");
        Assert.True(await page.EvaluateAsync<bool>("window.sameDocument === true"), "Blazor's enhanced navigation should have kept the document.");
        await Assertions.Expect(page.Locator("[data-testid=chapter-body] pre.mermaid svg").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.Equal(0, await page.Locator("[data-testid=chapter-body] .math:not([data-rendered])").CountAsync());
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task The_table_of_contents_marks_the_section_in_view()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("guide/business-model");
        var headings = page.Locator("[data-testid=chapter-body] h2[id]");
        var third = await headings.Nth(2).GetAttributeAsync("id");

        await headings.Nth(2).EvaluateAsync("h => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 80)");

        await Assertions.Expect(page.Locator("[data-testid=chapter-toc] a.active")).ToHaveAttributeAsync("data-heading", third!);
    }

    [Fact]
    public async Task Searching_from_a_chapter_shows_results_as_you_type_and_opens_the_chosen_one()
    {
        var consoleErrors = new List<string>();
        var page = await server.NewPageAsync(consoleErrors);
        await page.GotoAsync("guide/team");

        // One input event, for the reason given in the test above.
        await page.Locator("[data-testid=guide-search]").FillAsync("风险");
        await Assertions.Expect(page.Locator("[data-testid=guide-search-hit]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=guide-search-results] mark").First).ToHaveTextAsync(RiskPattern());
        await page.Locator("[data-testid=guide-search]").PressAsync("Enter");

        await page.WaitForURLAsync(RiskChapter());
        await Assertions.Expect(page.Locator("[data-testid=chapter-title]")).ToContainTextAsync("风险");
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task A_signed_in_reader_s_place_is_saved_and_the_home_page_offers_to_continue_there()
    {
        var page = await server.LogInAsync("founder.a@portal.local");
        await page.GotoAsync("guide/team");
        // The page also reports where it opened; wait for the report of the place scrolled to.
        var saved = page.WaitForResponseAsync(response =>
            response.Url.EndsWith("/api/guide/progress", StringComparison.Ordinal) && response.Status == 204
            && ReportedPosition().Match(response.Request.PostData ?? "") is { Success: true } match
            && double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0.3);

        await page.Locator("[data-testid=chapter-body] h2[id]").Nth(5).ScrollIntoViewIfNeededAsync();
        await saved;

        await page.GotoAsync("");
        var resume = page.Locator("[data-testid=continue-reading] a");
        await Assertions.Expect(resume).ToHaveAttributeAsync("href", "guide/team?resume=true");
        await PortalServer.WaitUntilInteractiveAsync(page);
        await resume.ClickAsync();
        await page.WaitForURLAsync("**/guide/team?resume=true");
        // Polled from here: WaitForFunction compiles its predicate inside the page, which the portal's CSP (no
        // unsafe-eval) refuses whenever the first check fails and it starts polling.
        var scrolled = 0.0;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); scrolled <= 200 && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            try
            {
                scrolled = await page.EvaluateAsync<double>("window.scrollY");
            }
            catch (PlaywrightException)
            {
                // The link changes the address first and then loads the static chapter page, which replaces the document mid-check.
            }
        }

        Assert.True(scrolled > 200, $"the chapter should reopen where the reader left it, but it is scrolled {scrolled} px");
    }

    [Fact]
    public async Task On_a_phone_a_dark_chapter_opens_the_navigation_from_the_menu_button()
    {
        var page = await server.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("guide/business-model");
        await Assertions.Expect(page.Locator("[data-testid=chapter-body] pre.mermaid svg").First).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // The switch is a small form: posting it reloads the page in the new theme.
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();

        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync("portal-dark");
        await Assertions.Expect(page.Locator("[data-testid=chapter-body] pre.mermaid svg").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var guideLink = page.Locator(".mud-navmenu a[href='guide']");
        await Assertions.Expect(guideLink).Not.ToBeInViewportAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "guide-chapter-phone-dark.png") });

        await page.Locator("[data-testid=drawer-toggle]").ClickAsync();

        await Assertions.Expect(guideLink).ToBeInViewportAsync();
        await page.SetViewportSizeAsync(1280, 860);
        await page.Locator("[data-testid=chapter-body] pre.mermaid").First.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "guide-chapter-dark.png") });
    }

    [Fact]
    public async Task On_a_phone_the_app_bar_keeps_every_button_on_screen_and_offers_search_and_registration()
    {
        var visitor = await server.NewPageAsync();
        await visitor.SetViewportSizeAsync(390, 844);
        await visitor.GotoAsync("");
        // A click while the circuit starts can be lost between the static page and the live one: wait for it first.
        await PortalServer.WaitUntilInteractiveAsync(visitor);
        await AssertOnScreenAsync(visitor, "[data-testid=register-link]");

        await visitor.Locator("[data-testid=search-narrow]").ClickAsync();
        var box = visitor.Locator("[data-testid=guide-page-search]");
        await box.FillAsync("SMART");
        await Assertions.Expect(box).ToHaveValueAsync("SMART");
        await box.PressAsync("Enter");
        await Assertions.Expect(visitor).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=SMART"));
        await Assertions.Expect(visitor.Locator("[data-testid=search-results] .guide-hit").First).ToBeVisibleAsync();

        var member = await server.LogInAsync("founder.a@portal.local");
        await member.SetViewportSizeAsync(390, 844);
        await member.GotoAsync("workspaces");
        await PortalServer.WaitUntilInteractiveAsync(member);
        await AssertOnScreenAsync(member, "[data-testid=logout]");
        await AssertOnScreenAsync(member, "[data-testid=notifications-button]");
        Assert.Equal(0, await member.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth"));
        await member.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "app-bar-phone.png") });
    }

    /// <summary>Waits until the control is wholly inside the window (the page may render it again meanwhile, as a circuit starts).</summary>
    private static Task AssertOnScreenAsync(IPage page, string selector) =>
        Assertions.Expect(page.Locator(selector).First).ToBeInViewportAsync(new() { Ratio = 1 });

    // The chapter whose diagram is the widest (a decision tree four leaves across), in the column beside the
    // table of contents and on a phone.
    [Theory]
    [InlineData(1366, 860, "guide-diagram-1366.png")]
    [InlineData(390, 844, "guide-diagram-390.png")]
    public async Task The_widest_diagram_keeps_readable_text_and_scrolls_in_its_figure_not_the_page(int width, int height, string screenshot)
    {
        var consoleErrors = new List<string>();
        var page = await server.NewPageAsync(consoleErrors);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync("guide/trends-and-opportunities");
        var figure = page.Locator("[data-testid=chapter-body] figure.guide-diagram[role=button]").First;
        await Assertions.Expect(figure).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await figure.ScrollIntoViewIfNeededAsync();

        var smallestText = await figure.EvaluateAsync<double>(SmallestDiagramTextScript);
        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        var viewportWidth = await page.EvaluateAsync<int>("innerWidth");
        var figureWidth = await figure.EvaluateAsync<int>("f => f.clientWidth");
        var diagramWidth = await figure.EvaluateAsync<int>("f => f.scrollWidth");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, screenshot) });

        Assert.True(smallestText >= 12, $"the diagram's smallest text is {smallestText:F1} px");
        Assert.True(pageWidth <= viewportWidth, $"the page is {pageWidth} px wide in a {viewportWidth} px window");
        Assert.True(diagramWidth > figureWidth, "this diagram is wider than the column, so its figure should scroll");
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task A_diagram_opens_full_screen_zooms_and_closes_with_escape()
    {
        var consoleErrors = new List<string>();
        var page = await server.NewPageAsync(consoleErrors);
        await page.GotoAsync("guide/how-models-learn");
        var figure = page.Locator("[data-testid=chapter-body] figure.guide-diagram[role=button]").First;
        await Assertions.Expect(figure).ToHaveAttributeAsync("aria-label", "图表：点击或按回车键全屏查看", new() { Timeout = 15_000 });
        var viewer = page.Locator("[data-testid=diagram-viewer]");
        var level = page.Locator("[data-testid=diagram-viewer-level]");

        await figure.ClickAsync();

        await Assertions.Expect(viewer).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Locator("[data-viewer-content] > svg")).ToBeVisibleAsync();
        var opened = Percent(await level.TextContentAsync());
        var openedWidth = (await viewer.Locator("[data-viewer-content] > svg").BoundingBoxAsync())!.Width;
        await page.Locator("[data-testid=diagram-zoom-in]").ClickAsync();
        await Assertions.Expect(level).Not.ToHaveTextAsync($"{opened}%");
        Assert.True(Percent(await level.TextContentAsync()) > opened);
        Assert.Equal(openedWidth * 1.25, (await viewer.Locator("[data-viewer-content] > svg").BoundingBoxAsync())!.Width, 1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "guide-diagram-viewer.png") });

        // The wheel zooms about the pointer, a drag pans.
        await page.Mouse.MoveAsync(640, 430);
        var beforeWheel = Percent(await level.TextContentAsync());
        await page.Mouse.WheelAsync(0, -300);
        await Assertions.Expect(level).Not.ToHaveTextAsync($"{beforeWheel}%");
        var content = viewer.Locator("[data-viewer-content]");
        var before = await content.BoundingBoxAsync();
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(540, 380, new() { Steps = 5 });
        await page.Mouse.UpAsync();
        var after = await content.BoundingBoxAsync();
        Assert.Equal(before!.X - 100, after!.X, 1);
        Assert.Equal(before.Y - 50, after.Y, 1);

        await page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(viewer).Not.ToBeVisibleAsync();
        await Assertions.Expect(figure.Locator("svg")).ToBeVisibleAsync();
        await Assertions.Expect(figure).ToBeFocusedAsync();
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task On_a_phone_a_focused_diagram_opens_with_enter_and_its_close_button_closes_it()
    {
        var page = await server.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("guide/team");
        var figure = page.Locator("[data-testid=chapter-body] figure.guide-diagram[role=button]").First;
        await Assertions.Expect(figure).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await figure.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var viewer = page.Locator("[data-testid=diagram-viewer]");
        await Assertions.Expect(viewer).ToBeVisibleAsync();
        var stage = await viewer.BoundingBoxAsync();
        Assert.Equal((390, 844), ((int)stage!.Width, (int)stage.Height));
        await page.Locator("[data-testid=diagram-viewer-close]").ClickAsync();
        await Assertions.Expect(viewer).Not.ToBeVisibleAsync();
    }

    [Fact]
    public async Task On_a_touch_screen_a_tap_opens_a_diagram_a_pinch_zooms_it_and_one_finger_pans_it()
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 390, Height = 844 }, HasTouch = true, IsMobile = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("guide/how-models-learn");
        var figure = page.Locator("[data-testid=chapter-body] figure.guide-diagram[role=button]").First;
        await Assertions.Expect(figure).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await figure.TapAsync();

        var level = page.Locator("[data-testid=diagram-viewer-level]");
        await Assertions.Expect(page.Locator("[data-testid=diagram-viewer]")).ToBeVisibleAsync();
        var opened = Percent(await level.TextContentAsync());
        // Real touch input through the browser's protocol: Playwright itself only taps.
        var touch = await context.NewCDPSessionAsync(page);
        await TouchAsync(touch, "touchStart", (150, 500), (240, 500));
        for (var step = 1; step <= 5; step++)
        {
            await TouchAsync(touch, "touchMove", (150 - (step * 10), 500), (240 + (step * 10), 500));
        }

        await TouchAsync(touch, "touchEnd");
        await Assertions.Expect(level).Not.ToHaveTextAsync($"{opened}%");
        Assert.True(Percent(await level.TextContentAsync()) > opened);

        var content = page.Locator("[data-viewer-content]");
        var before = await content.BoundingBoxAsync();
        await TouchAsync(touch, "touchStart", (200, 600));
        await TouchAsync(touch, "touchMove", (200, 500));
        await TouchAsync(touch, "touchMove", (200, 400));
        await TouchAsync(touch, "touchEnd");
        var after = await content.BoundingBoxAsync();
        Assert.Equal(before!.Y - 200, after!.Y, 1);
        await context.CloseAsync();
    }

    private static async Task TouchAsync(ICDPSession session, string type, params (int X, int Y)[] points) =>
        await session.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object>
        {
            ["type"] = type,
            ["touchPoints"] = points.Select((point, id) => new Dictionary<string, object> { ["x"] = point.X, ["y"] = point.Y, ["id"] = id }).ToArray(),
        });

    /// <summary>
    /// The smallest font size among the diagram's labels as drawn: the computed size times the SVG's scale on screen
    /// (Mermaid draws flowchart labels as HTML in a foreignObject, other charts as SVG text).
    /// </summary>
    private const string SmallestDiagramTextScript = """
        figure => {
            const svg = figure.querySelector('svg');
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const sizes = [...svg.querySelectorAll('text, foreignObject span, foreignObject p')]
                .filter(element => element.textContent.trim().length > 0)
                .map(element => parseFloat(getComputedStyle(element).fontSize) * scale);
            return sizes.length === 0 ? 0 : Math.min(...sizes);
        }
        """;

    private static int Percent(string? level) => int.Parse(level!.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("/guide/(technical|market)-risks")]
    private static partial Regex RiskChapter();

    [GeneratedRegex("name=\"position\"\\r\\n\\r\\n([0-9.]+)")]
    private static partial Regex ReportedPosition();

    [GeneratedRegex("风险?|险")]
    private static partial Regex RiskPattern();
}
