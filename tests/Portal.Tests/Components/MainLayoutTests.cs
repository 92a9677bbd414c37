using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Portal.Components.Layout;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class MainLayoutTests
{
    [Theory]
    [InlineData("zh-CN", new[] { "首页", "指南", "工作区", "模型实验室", "训练营" }, "English")]
    [InlineData("en", new[] { "Home", "Guide", "Workspace", "Model Lab", "Cohorts" }, "中文")]
    public async Task Layout_renders_the_navigation_in_the_reader_s_language(string culture, string[] navigation, string otherLanguage)
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            await using var context = PortalComponentTestContext.Create(out _);

            var layout = context.Render<MainLayout>(parameters => parameters
                .Add(p => p.Body, (RenderFragment)(builder => builder.AddContent(0, "page body"))));

            var links = layout.FindAll(".mud-nav-link").Select(link => link.TextContent.Trim()).ToList();
            Assert.Equal(navigation, links);
            Assert.Equal(otherLanguage, layout.Find("[data-testid=language-switch]").TextContent.Trim());
            Assert.Contains("page body", layout.Markup, StringComparison.Ordinal);
            Assert.NotNull(layout.Find("[data-testid=login-link]"));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    [Fact]
    public async Task Signed_in_user_sees_their_display_name_and_a_logout_button()
    {
        await using var context = PortalComponentTestContext.Create(out var authorization);
        // The bell reads the database; its own behaviour is covered by the comment service and E2E tests.
        context.ComponentFactories.AddStub<Portal.Features.Comments.NotificationBell>("<span data-testid=\"bell\"></span>");
        authorization
            .SetAuthorized("ada@example.com")
            .SetClaims(new System.Security.Claims.Claim(Portal.Data.PortalClaimTypes.DisplayName, "Ada Founder"));

        var layout = context.Render<MainLayout>(parameters => parameters
            .Add(p => p.Body, (RenderFragment)(builder => builder.AddContent(0, "body"))));

        Assert.Contains("Ada Founder", layout.Find("[data-testid=account-link]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(layout.Find("[data-testid=logout]"));
        Assert.Empty(layout.FindAll("[data-testid=login-link]"));
        Assert.NotNull(layout.Find("[data-testid=bell]"));
    }
}
