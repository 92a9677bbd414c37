using System.Globalization;
using System.Net;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Compliance;
using Portal.Features.Workspaces;
using Portal.Tests.Account;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Compliance;

/// <summary>The compliance page's parts rendered with bUnit on a real database (the service the page saves through).</summary>
public sealed class CompliancePageComponentTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    private ComplianceService Compliance => world.Services.GetRequiredService<ComplianceService>();

    private string Owner => world.Id(Persona.Owner)!;

    private BunitContext Context()
    {
        var context = PortalComponentTestContext.Create(out _, services => services.AddSingleton(Compliance));
        context.ComponentFactories.AddStub<Portal.Features.Comments.CommentThreadView>();
        return context;
    }

    [Fact]
    public async Task An_empty_workspace_asks_the_first_questions_only_and_a_yes_brings_the_questions_that_follow_it()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var overview = (await Compliance.GetAsync(Owner, workspace.Id, "en"))!;
        await using var context = Context();

        var panel = context.Render<ComplianceQuestionsPanel>(parameters => parameters
            .Add(p => p.Overview, overview).Add(p => p.WorkspaceId, workspace.Id).Add(p => p.UserId, Owner).Add(p => p.CanEdit, true));
        var card = context.Render<ComplianceAiActCard>(parameters => parameters.Add(p => p.Overview, overview));

        string[] Asked() => [.. panel.FindAll("[data-testid=compliance-question]").Select(q => q.GetAttribute("data-question")!)];
        Assert.Equal(["users_in", "established_in", "personal_data", "trains_on_user_data", "ai_system", "trains_models", "open_models", "open_source_code"], Asked());
        Assert.Equal("Minimal", card.Find("[data-testid=compliance-ai-class]").GetAttribute("data-class"));
        Assert.DoesNotContain(overview.Regimes, r => r.IsShown);

        panel.Find("input[data-testid=compliance-answer-personal_data-yes]").Click();

        Assert.Contains("sensitive_data", Asked());
        Assert.Contains("children_data", Asked());
        Assert.DoesNotContain("eu_data_exported", Asked());
    }

    [Fact]
    public async Task A_stale_item_save_shows_the_teammate_s_values_and_keeps_the_user_s_text_until_they_choose()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        await Compliance.SaveAnswersAsync(Owner, workspace.Id, ComplianceServiceChecks<WorkspaceWorld>.EuPersonalData, Guid.Empty);
        var item = (await Compliance.GetAsync(Owner, workspace.Id, "en"))!.Item("gdpr-dpia")!;
        await using var context = Context();
        var card = context.Render<ComplianceItemCard>(parameters => parameters
            .Add(p => p.Item, item).Add(p => p.WorkspaceId, workspace.Id).Add(p => p.UserId, Owner).Add(p => p.Slug, workspace.Slug)
            .Add(p => p.CanEdit, true).Add(p => p.CanCreate, true).Add(p => p.Today, new DateOnly(2026, 12, 7)));

        card.Find("button[data-testid=compliance-item-edit]").Click();
        card.Find("[data-testid=compliance-item-evidence-input] textarea, textarea[data-testid=compliance-item-evidence-input]").Input("DPIA for the CV screening model, draft 2");
        await Compliance.UpdateItemAsync(world.Id(Persona.Editor)!, workspace.Id, "gdpr-dpia", new ComplianceItemInput(ComplianceItemStatus.InProgress, "Bo started the DPIA", null, null, null), Guid.Empty);
        card.Find("button[data-testid=compliance-item-save]").Click();

        card.WaitForAssertion(() => Assert.Contains("Bo started the DPIA", card.Find("[data-testid=conflict-theirs]").TextContent, StringComparison.Ordinal));
        Assert.Equal("DPIA for the CV screening model, draft 2", card.Find("[data-testid=compliance-item-evidence-input] textarea, textarea[data-testid=compliance-item-evidence-input]").GetAttribute("value") ?? card.Find("textarea").TextContent);
        Assert.Equal("Bo started the DPIA", (await Compliance.GetAsync(Owner, workspace.Id, "en"))!.Item("gdpr-dpia")!.State.Evidence);

        card.Find("button[data-testid=conflict-apply-mine]").Click();

        await WaitAsync(async () => (await Compliance.GetAsync(Owner, workspace.Id, "en"))!.Item("gdpr-dpia")!.State.Evidence == "DPIA for the CV screening model, draft 2");
        card.WaitForAssertion(() => Assert.Empty(card.FindAll("[data-testid=compliance-item-editor]")));
    }

    [Fact]
    public async Task A_reader_sees_the_items_and_answers_without_a_single_edit_control()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var workspace = await world.NewWorkspaceAsync();
        await Compliance.SaveAnswersAsync(Owner, workspace.Id, ComplianceServiceChecks<WorkspaceWorld>.EuPersonalData, Guid.Empty);
        var overview = (await Compliance.GetAsync(world.Id(Persona.Viewer), workspace.Id, "zh-CN"))!;
        await using var context = Context();

        var card = context.Render<ComplianceItemCard>(parameters => parameters
            .Add(p => p.Item, overview.Item("gdpr-lawful-basis")!).Add(p => p.WorkspaceId, workspace.Id).Add(p => p.UserId, world.Id(Persona.Viewer)!).Add(p => p.Slug, workspace.Slug));
        var panel = context.Render<ComplianceQuestionsPanel>(parameters => parameters
            .Add(p => p.Overview, overview).Add(p => p.WorkspaceId, workspace.Id).Add(p => p.UserId, world.Id(Persona.Viewer)!));

        Assert.Empty(card.FindAll("[data-testid=compliance-item-edit], [data-testid=compliance-item-make-risk], textarea"));
        Assert.Empty(panel.FindAll("[data-testid=compliance-answers-save]"));
        Assert.Contains("GDPR Art. 6", card.Markup, StringComparison.Ordinal);
        Assert.Contains("未开始", card.Find("[data-testid=compliance-item-status]").TextContent, StringComparison.Ordinal);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(50);
        }
    }
}

/// <summary>The page itself, as the server renders it for a member of a brand-new workspace.</summary>
public sealed class CompliancePageTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task A_new_workspace_s_compliance_page_renders_its_questions_and_the_regimes_that_do_not_apply_with_no_error()
    {
        string slug;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var owner = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(DemoSeeder.FounderBEmail))!;
            var workspace = await factory.Services.GetRequiredService<WorkspaceService>().CreateAsync(owner.Id, new WorkspaceInput("Empty compliance", "", WorkspaceStage.Idea, ""));
            slug = workspace.Slug;
        }

        var member = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(member, DemoSeeder.FounderBEmail, DemoSeeder.Password);
        var response = await member.GetAsync($"/w/{slug}/compliance");
        var page = await FormPoster.ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(page.QuerySelector("[data-testid=page-error]"));
        Assert.NotNull(page.QuerySelector("[data-testid=compliance-questions]"));
        Assert.Equal(6, page.QuerySelectorAll("[data-testid=compliance-not-applying-regime]").Length);
        Assert.Empty(page.QuerySelectorAll("[data-testid=compliance-regime]"));
        Assert.NotNull(page.QuerySelector("a[href='guide/legal-and-compliance']"));

        var stranger = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(stranger, DemoSeeder.FounderAEmail, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/w/{slug}/compliance")).StatusCode);
    }
}
