using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Features.Decisions;
using Portal.Features.Workspaces;
using Portal.Tests.Account;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Plan;

public sealed class PlanTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task The_plan_assembles_the_canvas_for_members_and_exports_one_markdown_file()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var owner = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(DemoSeeder.FounderAEmail))!;
            var access = (await factory.Services.GetRequiredService<WorkspaceService>().GetAccessAsync(owner.Id, DemoSeeder.WorkspaceSlug))!;
            await factory.Services.GetRequiredService<CanvasService>().AddNoteAsync(owner.Id, access.WorkspaceId, CanvasBlock.KeyPartners, "Loom makers", NoteColour.Green);
        }

        var member = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(member, DemoSeeder.FounderBEmail, DemoSeeder.Password);
        var page = await FormPoster.ParseAsync(await member.GetAsync($"/w/{DemoSeeder.WorkspaceSlug}/plan"));
        var markdown = await member.GetStringAsync($"/w/{DemoSeeder.WorkspaceSlug}/plan.md");

        Assert.Contains("Loomsight", page.QuerySelector("[data-testid=plan-title]")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Loom makers", page.QuerySelector("[data-testid=plan-canvas]")?.TextContent, StringComparison.Ordinal);
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        Assert.StartsWith("# ", lines[0], StringComparison.Ordinal);
        Assert.Contains("## 商业模式画布", lines);
        Assert.Contains("### 重要伙伴", lines);
        Assert.Contains("- Loom makers", lines);

        var stranger = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(stranger, DemoSeeder.InstructorEmail, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/w/{DemoSeeder.WorkspaceSlug}/plan")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/w/{DemoSeeder.WorkspaceSlug}/plan.md")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/w/{DemoSeeder.WorkspaceSlug}/canvas/export.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/w/{DemoSeeder.WorkspaceSlug}/canvas")).StatusCode);
    }

    [Fact]
    public async Task A_new_workspace_s_plan_shows_every_tool_s_section_empty_and_no_error()
    {
        string slug;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var owner = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(DemoSeeder.FounderBEmail))!;
            var workspace = await factory.Services.GetRequiredService<WorkspaceService>().CreateAsync(owner.Id, new WorkspaceInput("Empty plan", "", WorkspaceStage.Idea, ""));
            slug = workspace.Slug;
        }

        var member = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(member, DemoSeeder.FounderBEmail, DemoSeeder.Password);
        var page = await FormPoster.ParseAsync(await member.GetAsync($"/w/{slug}/plan"));

        Assert.Null(page.QuerySelector("[data-testid=page-error]"));
        foreach (var section in new[] { "canvas", "kpis", "risks", "research", "roadmap", "decisions", "team", "lab", "competitors", "compliance", "growth", "market" })
        {
            Assert.NotNull(page.QuerySelector($"[data-testid=plan-{section}]"));
        }
    }

    [Fact]
    public async Task Technology_decisions_appear_on_the_plan_with_the_leading_option_and_in_its_markdown()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var owner = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(DemoSeeder.FounderAEmail))!;
            var access = (await factory.Services.GetRequiredService<WorkspaceService>().GetAccessAsync(owner.Id, DemoSeeder.WorkspaceSlug))!;
            var decisions = factory.Services.GetRequiredService<DecisionService>();
            var question = await decisions.CreateAsync(owner.Id, access.WorkspaceId, DecisionInput.NewQuestion("Which | model?"));
            OptionInput hosted = new(Guid.NewGuid(), "Hosted API"), own = new(Guid.NewGuid(), "Own CNN");
            // Equal weights on the outline's three criteria: Own CNN 4 + 3 + 2 = 9, Hosted API 3 + 5 + 5 = 13, so Hosted API leads with 13 / 3.
            int[] ownScores = [4, 3, 2], hostedScores = [3, 5, 5];
            await decisions.UpdateAsync(owner.Id, access.WorkspaceId, question.Id, question.ToInput() with
            {
                Options = [own, hosted],
                Scores = [.. question.Criteria.SelectMany((criterion, i) => new[]
                {
                    new ScoreInput(own.Id, criterion.Id, ownScores[i]),
                    new ScoreInput(hosted.Id, criterion.Id, hostedScores[i]),
                })],
            }, question.Version);
        }

        var member = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(member, DemoSeeder.FounderBEmail, DemoSeeder.Password);
        var page = await FormPoster.ParseAsync(await member.GetAsync($"/w/{DemoSeeder.WorkspaceSlug}/plan"));
        var markdown = await member.GetStringAsync($"/w/{DemoSeeder.WorkspaceSlug}/plan.md");

        Assert.Contains("Hosted API 领先（4.33 / 5）", page.QuerySelector("[data-testid=plan-decisions]")?.TextContent, StringComparison.Ordinal);
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("## 技术决策", lines);
        Assert.Contains("| Which \\| model? | 提议中 | Hosted API 领先（4.33 / 5） |  |", lines);
    }

    [Fact]
    public async Task The_canvas_export_is_importable_json()
    {
        var member = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(member, DemoSeeder.FounderAEmail, DemoSeeder.Password);

        var json = await member.GetStringAsync($"/w/{DemoSeeder.WorkspaceSlug}/canvas/export.json");

        var document = CanvasDocument.Parse(json);
        Assert.Equal(CanvasDocument.FormatName, document.Format);
    }

    [Fact]
    public async Task Exports_carry_users_html_and_script_links_as_plain_text()
    {
        const string Script = "<script>alert(1)</script>";
        const string ScriptLink = "[x](javascript:alert(1))";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var owner = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(DemoSeeder.FounderAEmail))!;
            var access = (await factory.Services.GetRequiredService<WorkspaceService>().GetAccessAsync(owner.Id, DemoSeeder.WorkspaceSlug))!;
            var canvas = factory.Services.GetRequiredService<CanvasService>();
            await canvas.AddNoteAsync(owner.Id, access.WorkspaceId, CanvasBlock.Channels, Script, NoteColour.Green);
            await canvas.AddNoteAsync(owner.Id, access.WorkspaceId, CanvasBlock.Channels, ScriptLink, NoteColour.Green);
        }

        var member = factory.CreateBrowserClient();
        await AccountTests.LogInAsync(member, DemoSeeder.FounderAEmail, DemoSeeder.Password);
        foreach (var export in new[] { "plan.md", "canvas/export.md" })
        {
            var markdown = await member.GetStringAsync($"/w/{DemoSeeder.WorkspaceSlug}/{export}");

            Assert.DoesNotContain(Script, markdown, StringComparison.Ordinal);
            Assert.DoesNotContain(ScriptLink, markdown, StringComparison.Ordinal);
            Assert.Contains("- &lt;script&gt;alert(1)&lt;/script&gt;", markdown, StringComparison.Ordinal);
            Assert.Contains("- \\[x\\](javascript:alert(1))", markdown, StringComparison.Ordinal);
        }
    }
}
