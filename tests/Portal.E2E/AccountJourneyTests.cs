using Microsoft.Playwright;

namespace Portal.E2E;

public sealed class AccountJourneyTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Password = "E2e-Password-2026";

    [Fact]
    public async Task A_newcomer_registers_logs_in_toggles_the_theme_and_switches_language()
    {
        var consoleErrors = new List<string>();
        var page = await server.NewPageAsync(consoleErrors);
        var email = $"e2e-{Guid.NewGuid():N}@example.com";

        await page.GotoAsync("Account/Register");
        await page.Locator("[name='Input.DisplayName']").FillAsync("Erin E2E");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync(Password);
        await page.Locator("[name='Input.ConfirmPassword']").FillAsync(Password);
        await page.Locator("[data-testid=register-submit]").ClickAsync();
        // A new account without a return address starts at the first-run page.
        await page.WaitForURLAsync(server.BaseAddress + "welcome");
        await PortalServer.WaitUntilInteractiveAsync(page);
        Assert.Contains("Erin E2E", await page.Locator("[data-testid=account-link]").TextContentAsync(), StringComparison.Ordinal);

        await page.Locator("[data-testid=logout]").ClickAsync();
        await page.Locator("[data-testid=login-link]").WaitForAsync();

        await page.GotoAsync("Account/Login");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync(Password);
        await page.Locator("[data-testid=login-submit]").ClickAsync();
        await page.Locator("[data-testid=account-link]").WaitForAsync();
        await PortalServer.WaitUntilInteractiveAsync(page);

        Assert.Equal("portal-light", await page.Locator("body").GetAttributeAsync("class"));
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync("portal-dark");
        var background = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.mud-main-content')).backgroundColor");
        Assert.NotEqual("rgb(247, 248, 252)", background);

        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));
        await PortalServer.WaitUntilInteractiveAsync(page);
        await page.Locator("[data-testid=language-switch]").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator(".mud-navmenu")).ToContainTextAsync("Model Lab");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "home-en-dark.png"), FullPage = true });

        await PortalServer.WaitUntilInteractiveAsync(page);
        await page.Locator("[data-testid=language-switch]").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.Locator(".mud-navmenu")).ToContainTextAsync("模型实验室");
        // The theme survived the reloads that the language switch makes.
        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync("portal-dark");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "home-zh-dark.png"), FullPage = true });

        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task The_sign_in_page_opened_at_an_ip_address_logs_no_errors()
    {
        var consoleErrors = new List<string>();
        var page = await server.NewPageAsync(consoleErrors);

        await page.GotoAsync($"http://127.0.0.1:{server.BaseAddress.Port}/Account/Login");
        await Assertions.Expect(page.Locator("[name='Input.Email']")).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // Passkey autofill is not tried where the browser refuses passkeys ("This is an invalid domain").
        Assert.True(await page.EvaluateAsync<bool>("() => !!customElements.get('passkey-submit')"));
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task On_a_phone_the_navigation_opens_from_the_menu_button()
    {
        var page = await server.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("");
        await PortalServer.WaitUntilInteractiveAsync(page);

        var guideLink = page.Locator(".mud-navmenu a[href='guide']");
        // On a phone the drawer starts closed, over the page rather than beside it; the drawer
        // settles on its breakpoint just after the circuit starts.
        await Assertions.Expect(page.Locator(".mud-drawer")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-drawer--closed"));
        await Assertions.Expect(guideLink).Not.ToBeInViewportAsync();
        await page.Locator("[data-testid=drawer-toggle]").ClickAsync();
        await Assertions.Expect(guideLink).ToBeInViewportAsync();
        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(pageWidth <= 390, $"The page is {pageWidth}px wide on a 390px screen.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ArtifactsDirectory, "home-phone.png") });
    }
}
