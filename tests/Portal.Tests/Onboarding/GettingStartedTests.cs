using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Content;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Features.Guide;
using Portal.Features.Kpis;
using Portal.Features.ModelLab;
using Portal.Features.Onboarding;
using Portal.Features.Plan;
using Portal.Features.Risks;
using Portal.Features.Workspaces;
using Portal.Tests.Kpis;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Onboarding;

public sealed class GettingStartedTests(WorkspaceWorld world) : GettingStartedChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class GettingStartedTestsOnPostgres(PostgresWorkspaceWorld world) : GettingStartedChecks<PostgresWorkspaceWorld>(world);

public abstract class GettingStartedChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private GettingStartedService GettingStarted => world.Services.GetRequiredService<GettingStartedService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Fact]
    public async Task Each_step_turns_done_as_the_team_s_data_appears()
    {
        var workspace = await world.NewWorkspaceAsync();
        var steps = await StepsAsync(workspace.Id);
        Assert.Equal(Enum.GetValues<GettingStartedStep>(), steps.Keys);
        Assert.All(steps.Values, step => Assert.False(step.Done));
        Assert.Equal(GettingStartedService.CanvasBlocks, steps[GettingStartedStep.FillCanvas].Goal);
        Assert.EndsWith($"/w/{workspace.Slug}/canvas", "/" + steps[GettingStartedStep.FillCanvas].Href, StringComparison.Ordinal);

        var firstPart = world.Services.GetRequiredService<ContentLibrary>().GetTree(GuideLanguages.Chinese).Parts[0].Chapters;
        Assert.Equal(firstPart.Count, steps[GettingStartedStep.ReadFirstPart].Goal);
        Assert.Equal($"guide/{firstPart[0].Slug}", steps[GettingStartedStep.ReadFirstPart].Href);
        foreach (var chapter in firstPart)
        {
            await world.Services.GetRequiredService<ReadingProgressService>().SaveAsync(Owner, chapter.Slug, 1.0);
        }

        var canvas = world.Services.GetRequiredService<CanvasService>();
        foreach (var block in Enum.GetValues<CanvasBlock>().SkipLast(1))
        {
            await canvas.AddNoteAsync(Owner, workspace.Id, block, "一条便签", NoteColour.Yellow);
        }

        Assert.Equal((8, false), Progress((await StepsAsync(workspace.Id))[GettingStartedStep.FillCanvas]));
        await canvas.AddNoteAsync(Owner, workspace.Id, Enum.GetValues<CanvasBlock>()[^1], "最后一块", NoteColour.Green);
        await world.Services.GetRequiredService<KpiService>().CreateAsync(Owner, workspace.Id, KpiTestData.Input(Owner));
        var risks = world.Services.GetRequiredService<RiskService>();
        for (var i = 0; i < GettingStartedService.RisksGoal; i++)
        {
            Assert.False((await StepsAsync(workspace.Id))[GettingStartedStep.RegisterRisks].Done);
            await risks.CreateAsync(Owner, workspace.Id, new RiskInput(RiskCategory.Team, $"风险 {i}", "", 3, 3, null, "", null, RiskStatus.Open, 2, 2));
        }

        steps = await StepsAsync(workspace.Id);
        Assert.All(steps.Values.Take(4), step => Assert.True(step.Done, step.Step.ToString()));
        Assert.False(steps[GettingStartedStep.TrainBaseline].Done);
        Assert.False(steps[GettingStartedStep.ExportPlan].Done);

        await AddCompletedRunAsync(workspace.Id);
        var access = await world.Workspaces.GetAccessAsync(Owner, workspace.Id);
        await world.Services.GetRequiredService<PlanExports>().RecordAsync(access!, "Markdown");

        Assert.All((await StepsAsync(workspace.Id)).Values, step => Assert.True(step.Done, step.Step.ToString()));
    }

    [Fact]
    public async Task Reading_counts_for_the_reader_alone_and_the_checklist_is_only_for_members()
    {
        var workspace = await world.NewWorkspaceAsync();
        var firstChapter = world.Services.GetRequiredService<ContentLibrary>().GetTree(GuideLanguages.English).Parts[0].Chapters[0];
        await world.Services.GetRequiredService<ReadingProgressService>().SaveAsync(world.Id(Persona.Editor)!, firstChapter.Slug, 1.0);

        var viewers = await GettingStarted.GetAsync(world.Id(Persona.Viewer)!, workspace.Id, "en");
        var editors = await GettingStarted.GetAsync(world.Id(Persona.Editor)!, workspace.Id, "en");

        Assert.Equal(0, viewers![0].Count);
        Assert.Equal(1, editors![0].Count);
        Assert.Null(await GettingStarted.GetAsync(world.Id(Persona.Stranger)!, workspace.Id, "en"));
        Assert.Null(await GettingStarted.GetAsync(world.Id(Persona.CohortInstructor)!, workspace.Id, "en"));
    }

    [Fact]
    public async Task Hiding_the_checklist_is_remembered_for_that_user_only()
    {
        var editor = world.Id(Persona.Editor)!;
        Assert.False(await GettingStarted.IsHiddenAsync(Owner));

        await GettingStarted.SetHiddenAsync(Owner, hidden: true);
        await GettingStarted.SetHiddenAsync(Owner, hidden: true);

        Assert.True(await GettingStarted.IsHiddenAsync(Owner));
        Assert.False(await GettingStarted.IsHiddenAsync(editor));
        await GettingStarted.SetHiddenAsync(Owner, hidden: false);
        Assert.False(await GettingStarted.IsHiddenAsync(Owner));
    }

    [Theory]
    [InlineData("zh-CN", "示例：")]
    [InlineData("en", "Sample: ")]
    public async Task The_sample_workspace_comes_filled_in_and_belongs_to_its_creator(string language, string namePrefix)
    {
        var sample = await world.Services.GetRequiredService<SampleWorkspace>().CreateAsync(Owner, language);

        Assert.StartsWith(namePrefix, sample.Name, StringComparison.Ordinal);
        Assert.StartsWith("sample-loomsight", sample.Slug, StringComparison.Ordinal);
        Assert.Equal(WorkspaceRole.Owner, (await world.Workspaces.GetAccessAsync(Owner, sample.Id))!.Role);
        var steps = await StepsAsync(sample.Id);
        Assert.Equal((9, true), Progress(steps[GettingStartedStep.FillCanvas]));
        Assert.True(steps[GettingStartedStep.DefineKpi].Done);
        Assert.True(steps[GettingStartedStep.RegisterRisks].Done);
        var kpis = await world.Services.GetRequiredService<KpiService>().ListAsync(Owner, sample.Id);
        Assert.Equal(2, kpis.Count);
        Assert.All(kpis, kpi => Assert.Equal(3, kpi.Measurements.Count));
        Assert.Equal(4, (await world.Services.GetRequiredService<RiskService>().ListAsync(Owner, sample.Id))!.Count);

        await world.Workspaces.ArchiveAsync(Owner, sample.Id);
        Assert.DoesNotContain(await world.Workspaces.ListForUserAsync(Owner), w => w.Slug == sample.Slug);
    }

    private async Task<IReadOnlyDictionary<GettingStartedStep, GettingStartedItem>> StepsAsync(Guid workspaceId) =>
        (await GettingStarted.GetAsync(Owner, workspaceId, "zh-CN"))!.ToDictionary(i => i.Step);

    private static (int Count, bool Done) Progress(GettingStartedItem item) => (item.Count, item.Done);

    private async Task AddCompletedRunAsync(Guid workspaceId)
    {
        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.Add(new TrainingRun
        {
            WorkspaceId = workspaceId,
            CreatedById = Owner,
            Name = "基线",
            DatasetKey = "fashion-mnist",
            SpecJson = "{}",
            OptionsJson = "{}",
            Status = RunStatus.Completed,
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }
}
