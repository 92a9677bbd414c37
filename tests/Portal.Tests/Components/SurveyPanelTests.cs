using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Portal.Components;
using Portal.Features.Research;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Components;

/// <summary>
/// The survey panel on its own, as the research page's "Surveys" tab will hold it, with the real service and database:
/// the test is its host.
/// </summary>
public sealed class SurveyPanelTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    // Line 3 has one answer for two columns. "Would pay": Yes 3, No 1 (two answers in four, single choice);
    // "Role": Manager twice, Nurse, Doctor (three in four, free text).
    private const string Pasted = "Role,Would pay\nManager,Yes\nNurse\nNurse,Yes\nDoctor,No\nManager,Yes\n";

    private SurveyService Surveys => world.Services.GetRequiredService<SurveyService>();

    [Fact]
    public async Task An_editor_pastes_a_csv_and_sees_the_bad_row_by_line_and_a_bar_per_answer_of_the_single_choice_column()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(out var access, Persona.Editor, workspace.Id);
        var panel = context.Render<SurveyPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => panel.Find("[data-testid=survey-none]"));

        panel.Find("input[data-testid=survey-name], [data-testid=survey-name] input").Input("Clinics");
        panel.Find("textarea[data-testid=survey-paste], [data-testid=survey-paste] textarea").Input(Pasted);
        panel.Find("button[data-testid=survey-import-paste]").Click();

        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid=survey-chart]")), TimeSpan.FromSeconds(10));
        var bad = Assert.Single(panel.FindAll("[data-testid=survey-bad-row]"));
        Assert.Equal("3", bad.GetAttribute("data-line"));
        Assert.Equal("Line 3: the header row names 2 columns, this row has 1", bad.TextContent);
        Assert.Equal("Imported “Clinics”: 4 respondents.", panel.Find("[data-testid=survey-report-summary]").TextContent.Trim());
        Assert.Equal("Would pay", panel.Find("[data-testid=survey-chart]").GetAttribute("data-column"));

        // The most given answer on top: Plotly draws the first category at the bottom.
        var bar = Assert.IsType<Bar>(Assert.Single(panel.FindComponent<SurveyChoiceChart>().FindComponent<PlotlyChart>().Instance.Data));
        Assert.Equal(["No", "Yes"], bar.Y);
        Assert.Equal([1, 3], bar.X);
        Assert.Equal(["Manager", "Nurse", "Doctor", "Manager"], panel.Find("[data-testid=survey-free-text]").QuerySelectorAll("li").Select(li => li.TextContent));
        Assert.Equal("Clinics", Assert.Single(panel.FindAll("[data-testid=survey-list-item] .survey-list-name")).TextContent);
        // Stored: the paste box is emptied for the next survey.
        var box = panel.Find("textarea[data-testid=survey-paste], [data-testid=survey-paste] textarea");
        Assert.Equal("", box.GetAttribute("value") ?? box.TextContent);
    }

    [Fact]
    public async Task A_refused_paste_keeps_the_text_and_says_why()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var workspace = await world.NewWorkspaceAsync();
        await using var context = Host(out var access, Persona.Owner, workspace.Id);
        var panel = context.Render<SurveyPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => panel.Find("[data-testid=survey-none]"));

        panel.Find("input[data-testid=survey-name], [data-testid=survey-name] input").Input("空的");
        panel.Find("textarea[data-testid=survey-paste], [data-testid=survey-paste] textarea").Input("角色,付费\n只有一格\n");
        panel.Find("button[data-testid=survey-import-paste]").Click();

        panel.WaitForAssertion(() => Assert.Equal("没有一行受访者答案可以导入，未保存。", panel.Find("[data-testid=survey-report-summary]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Equal("第 2 行：标题行有 2 列，这一行却有 1 列", panel.Find("[data-testid=survey-bad-row]").TextContent);
        var box = panel.Find("textarea[data-testid=survey-paste], [data-testid=survey-paste] textarea");
        Assert.Equal("角色,付费\n只有一格\n", box.GetAttribute("value") ?? box.TextContent);
        Assert.Empty(panel.FindAll("[data-testid=survey-list-item]"));
    }

    [Fact]
    public async Task A_viewer_reads_the_charts_without_a_single_edit_control_and_sees_a_teammate_s_import_arrive()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        await Surveys.ImportAsync(owner, workspace.Id, "Clinics", Pasted);
        await using var context = Host(out var access, Persona.Viewer, workspace.Id);
        var panel = context.Render<SurveyPanel>(parameters => parameters.Add(p => p.Access, access));

        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid=survey-chart]")), TimeSpan.FromSeconds(10));
        Assert.Empty(panel.FindAll("input, textarea, [data-testid=survey-import], [data-testid=survey-rename], [data-testid=survey-delete]"));
        Assert.NotEmpty(panel.FindAll("[data-testid=survey-read-only]"));

        await Surveys.ImportAsync(owner, workspace.Id, "Pharmacies", "Pay\nYes\nYes\n");
        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("[data-testid=survey-list-item]").Count), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_rename_made_stale_by_a_teammate_shows_their_name_keeps_the_user_s_and_a_second_save_replaces_theirs()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var survey = (await Surveys.ImportAsync(owner, workspace.Id, "Clinics", Pasted)).Survey!;
        await using var context = Host(out var access, Persona.Editor, workspace.Id);
        var panel = context.Render<SurveyPanel>(parameters => parameters.Add(p => p.Access, access));
        panel.WaitForAssertion(() => Assert.Equal("Clinics", panel.Find("[data-testid=survey-title]").TextContent), TimeSpan.FromSeconds(10));
        IElement NameBox() => panel.Find("input[data-testid=survey-rename-name], [data-testid=survey-rename-name] input");

        NameBox().Input("Clinics, by Bo");
        await Surveys.RenameAsync(owner, workspace.Id, survey.Id, "Clinics, by Ada", survey.Version);
        panel.WaitForAssertion(() => Assert.Equal("Clinics, by Ada", panel.Find("[data-testid=survey-title]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("Clinics, by Bo", NameBox().GetAttribute("value"));

        panel.Find("button[data-testid=survey-rename]").Click();
        panel.WaitForAssertion(() => Assert.Contains("“Clinics, by Ada”", panel.Find("[data-testid=survey-conflict]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal("Clinics, by Bo", NameBox().GetAttribute("value"));

        panel.Find("button[data-testid=survey-rename]").Click();
        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll("[data-testid=survey-conflict]")), TimeSpan.FromSeconds(10));
        Assert.Equal("Clinics, by Bo", (await Surveys.GetAsync(owner, workspace.Id, survey.Id))!.Survey.Name);
    }

    [Fact]
    public async Task In_the_dark_theme_the_chart_takes_the_dark_palette_and_answers_that_look_like_numbers_stay_labels()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        var chart = context.Render<SurveyChoiceChart>(parameters => parameters
            .Add(p => p.Column, "Score").Add(p => p.Counts, [new SurveyAnswerCount("5", 4), new SurveyAnswerCount("4", 2), new SurveyAnswerCount(new string('x', 40), 2)])
            .AddCascadingValue(new UiPreferences(DarkMode: true)));

        var layout = chart.FindComponent<PlotlyChart>().Instance.Layout;
        Assert.Equal(ChartTheme.Dark.Text, layout.Font.Color);
        var axis = Assert.Single(layout.YAxis);
        Assert.Equal(Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Category, axis.Type);
        Assert.Equal([new string('x', 23) + "…", "4", "5"], axis.TickText);
        // Counts are whole: a tick for each, not at halves.
        Assert.Equal(1, Convert.ToInt32(Assert.Single(layout.XAxis).DTick, CultureInfo.InvariantCulture));
    }

    private BunitContext Host(out WorkspaceAccess access, Persona persona, Guid workspaceId)
    {
        access = world.Workspaces.GetAccessAsync(world.Id(persona), workspaceId).GetAwaiter().GetResult()!;
        return PortalComponentTestContext.Create(out _, services => services
            .AddSingleton(Surveys)
            .AddSingleton(world.Services.GetRequiredService<IWorkspaceEvents>()));
    }
}
