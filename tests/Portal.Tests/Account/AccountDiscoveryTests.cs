using System.Net;
using Portal.Components.Account;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Account;

/// <summary>Issue 12, finding 2: no anonymous answer tells whether an address has an account.</summary>
public sealed class AccountDiscoveryTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task The_registration_confirmation_page_reads_the_same_for_every_address_and_confirms_nothing()
    {
        var client = factory.CreateBrowserClient();

        var known = await client.GetAsync($"/Account/RegisterConfirmation?email={Uri.EscapeDataString(DemoSeeder.AdminEmail)}");
        var unknown = await client.GetAsync("/Account/RegisterConfirmation?email=nobody-here%40example.com");

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        var knownPage = await FormPoster.ParseAsync(known);
        var unknownPage = await FormPoster.ParseAsync(unknown);
        Assert.Equal(unknownPage.QuerySelector("main")?.TextContent, knownPage.QuerySelector("main")?.TextContent);
        Assert.DoesNotContain("ConfirmEmail", knownPage.Body!.InnerHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Null(knownPage.QuerySelector("a[href*='code=']"));
    }

    [Fact]
    public async Task An_address_without_an_account_is_locked_out_after_as_many_wrong_passwords_as_an_account()
    {
        var client = factory.CreateBrowserClient();
        var email = $"nobody-{Guid.NewGuid():N}@example.com";

        for (var attempt = 1; attempt < IdentityServiceCollectionExtensions.MaxFailedAccessAttempts; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await AccountTests.LogInAsync(client, email, "Wrong-password-1")).StatusCode);
        }

        var last = await AccountTests.LogInAsync(client, email, "Wrong-password-1");
        Assert.Equal(HttpStatusCode.Redirect, last.StatusCode);
        Assert.EndsWith("/Account/Lockout", last.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var again = await AccountTests.LogInAsync(client, email, "Wrong-password-1");
        Assert.EndsWith("/Account/Lockout", again.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }
}
