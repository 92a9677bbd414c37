using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Infrastructure;

namespace Portal.Tests.Platform;

public sealed class CountedTextTests : IDisposable
{
    private readonly (CultureInfo, CultureInfo) previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

    public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;

    [Theory]
    [InlineData("en", 1, "You have 1 invitation waiting.", "You already belong to 1 workspace.")]
    [InlineData("en", 2, "You have 2 invitations waiting.", "You already belong to 2 workspaces.")]
    [InlineData("zh-CN", 1, "你有 1 个待处理的邀请。", "你已经是 1 个工作区的成员。")]
    public void The_welcome_page_counts_invitations_and_workspaces_in_the_singular_after_one(string language, int count, string invitations, string workspaces)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(language);
        var text = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance)
            .Create(typeof(UiStrings));

        Assert.Equal(invitations, text.Counted("Welcome.Join.Pending", count, count));
        Assert.Equal(workspaces, text.Counted("Welcome.AlreadyMember", count, count));
    }
}
