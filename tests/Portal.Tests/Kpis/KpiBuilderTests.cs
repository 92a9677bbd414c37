using System.Globalization;
using Bunit;
using Portal.Features.Kpis;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Kpis;

public sealed class KpiBuilderTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 3, 1);
    private static readonly IReadOnlyList<MemberInfo> Members =
    [
        new("u-ada", "Ada Founder", "ada@example.com", WorkspaceRole.Owner, DateTimeOffset.UtcNow),
        new("u-bo", "Bo Founder", "bo@example.com", WorkspaceRole.Editor, DateTimeOffset.UtcNow),
    ];

    private readonly (CultureInfo, CultureInfo) previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

    public KpiBuilderTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
    }

    public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;

    [Fact]
    public async Task The_specific_step_requires_a_metric_and_a_unit_before_moving_on()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        var builder = Render(context);

        builder.Find("[data-testid=kpi-next]").Click();

        Assert.Equal("0", CurrentStep(builder));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(builder.Markup, @"Required\."));
        Assert.Contains("kpi-step-error", builder.Find("[data-testid=kpi-step-0]").ClassName, StringComparison.Ordinal);

        Fill(builder, "kpi-name", "Paying mills");
        Fill(builder, "kpi-unit", "mills");
        builder.Find("[data-testid=kpi-next]").Click();

        Assert.Equal("1", CurrentStep(builder));
        Assert.Contains("kpi-step-done", builder.Find("[data-testid=kpi-step-0]").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_measurable_step_wants_numbers_and_a_direction_that_agrees_with_them()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        var builder = Render(context);
        PassSpecific(builder);

        Fill(builder, "kpi-baseline", "twenty");
        Fill(builder, "kpi-target", "10");
        builder.Find("[data-testid=kpi-next]").Click();

        Assert.Equal("1", CurrentStep(builder));
        Assert.Contains("Enter a number, such as 42 or 0.35.", builder.Markup, StringComparison.Ordinal);

        Fill(builder, "kpi-baseline", "20");
        ChooseDirection(builder, KpiDirection.Increase);
        builder.Find("[data-testid=kpi-next]").Click();

        Assert.Equal("1", CurrentStep(builder));
        Assert.Equal("For a KPI that should increase, the target must be above the baseline.", builder.Find("[data-testid=kpi-direction-error]").TextContent.Trim());

        ChooseDirection(builder, KpiDirection.Decrease);
        builder.Find("[data-testid=kpi-next]").Click();

        Assert.Equal("2", CurrentStep(builder));
    }

    [Fact]
    public async Task An_implausible_target_shows_a_warning_with_the_monthly_rate_but_can_still_be_saved()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        KpiInput? saved = null;
        var builder = Render(context, onSave: input => saved = input);
        PassSpecific(builder);
        Fill(builder, "kpi-baseline", "20");
        Fill(builder, "kpi-target", "200");
        ChooseDirection(builder, KpiDirection.Increase);
        builder.Find("[data-testid=kpi-next]").Click();

        // Three months by default (92 days, 3.02 months): (200/20)^(1/3.02) − 1 is about 114% a month.
        var warning = builder.Find("[data-testid=kpi-pace-warning]");
        Assert.Contains("Implausible", warning.TextContent, StringComparison.Ordinal);
        Assert.Contains("+114.2%", warning.TextContent, StringComparison.Ordinal);
        Assert.Contains("compounded over 3 months", builder.Find("[data-testid=kpi-pace]").TextContent, StringComparison.Ordinal);

        builder.Find("[data-testid=kpi-next]").Click();
        builder.Find("[data-testid=kpi-next]").Click();
        Assert.Equal("4", CurrentStep(builder));
        Fill(builder, "kpi-deadline", "2027-03-01");

        // A year instead: about 21% a month, no warning.
        Assert.Empty(builder.FindAll("[data-testid=kpi-pace-warning]"));
        Assert.NotNull(builder.Find("[data-testid=kpi-pace-ok]"));

        Fill(builder, "kpi-deadline", "2026-04-01");
        Assert.NotNull(builder.Find("[data-testid=kpi-pace-warning]"));

        builder.Find("[data-testid=kpi-save]").Click();

        Assert.NotNull(saved);
        Assert.Equal(("Paying mills", "mills", 20.0, 200.0, KpiDirection.Increase), (saved.Name, saved.Unit, saved.Baseline, saved.Target, saved.Direction));
        Assert.Equal((Today, new DateOnly(2026, 4, 1), "u-ada"), (saved.StartDate, saved.Deadline, saved.OwnerUserId));
    }

    [Fact]
    public async Task A_zero_baseline_uses_the_linear_rate_and_says_so()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        var builder = Render(context);
        PassSpecific(builder);
        Fill(builder, "kpi-baseline", "0");
        Fill(builder, "kpi-target", "100");
        ChooseDirection(builder, KpiDirection.Increase);
        builder.Find("[data-testid=kpi-next]").Click();

        Assert.Contains("linear", builder.Find("[data-testid=kpi-pace]").TextContent, StringComparison.Ordinal);
        Assert.Empty(builder.FindAll("[data-testid=kpi-pace-warning]"));
    }

    [Fact]
    public async Task The_time_bound_step_refuses_a_deadline_in_the_past_and_jumps_back_to_a_step_with_problems()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        var saves = 0;
        var builder = Render(context, onSave: _ => saves++);
        PassSpecific(builder);
        Fill(builder, "kpi-baseline", "20");
        Fill(builder, "kpi-target", "30");
        ChooseDirection(builder, KpiDirection.Increase);
        builder.Find("[data-testid=kpi-step-4]").Click();
        Assert.Equal("4", CurrentStep(builder));

        Fill(builder, "kpi-deadline", "2026-02-01");
        builder.Find("[data-testid=kpi-save]").Click();

        Assert.Equal(0, saves);
        Assert.Contains("The deadline must be after the start date.", builder.Markup, StringComparison.Ordinal);

        Fill(builder, "kpi-start", "2026-01-01");
        builder.Find("[data-testid=kpi-save]").Click();

        Assert.Equal(0, saves);
        Assert.Contains("The deadline must lie in the future.", builder.Markup, StringComparison.Ordinal);

        Fill(builder, "kpi-deadline", "2026-06-01");
        builder.Find("[data-testid=kpi-step-1]").Click();
        Fill(builder, "kpi-target", "");
        builder.Find("[data-testid=kpi-step-4]").Click();
        Assert.Equal("1", CurrentStep(builder));
        Assert.Equal(0, saves);
    }

    [Fact]
    public async Task Errors_from_the_server_are_shown_on_their_step()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        var builder = Render(context, initial: KpiTestData.Input("u-bo") with { StartDate = Today, Deadline = Today.AddMonths(2) });

        builder.Render(parameters => parameters.Add(p => p.ServerErrors, [new FieldError("OwnerUserId", "Kpi.Error.OwnerNotMember")]));

        Assert.Equal("3", CurrentStep(builder));
        Assert.Contains("The owner must be a member of this workspace.", builder.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_starts_from_the_stored_values_and_can_save_from_any_step()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        KpiInput? saved = null;
        var initial = KpiTestData.Input("u-bo") with { StartDate = Today.AddMonths(-6), Deadline = Today.AddDays(-1), LinkedCanvasBlock = null, Objective = "Grow" };
        var builder = Render(context, initial: initial, onSave: input => saved = input);

        Assert.Equal("Paying mills", builder.Find("input[data-testid=kpi-name], [data-testid=kpi-name] input").GetAttribute("value"));
        Fill(builder, "kpi-name", "Paying mills, renamed");
        builder.Find("[data-testid=kpi-save]").Click();

        // The deadline has passed but was not changed: an edit may keep it.
        Assert.Equal(initial with { Name = "Paying mills, renamed" }, saved);
    }

    [Fact]
    public async Task A_kpi_bound_to_a_lab_figure_shows_its_data_set_and_the_same_day_rule_and_keeps_the_binding_on_save()
    {
        await using var context = PortalComponentTestContext.Create(out _);
        KpiInput? saved = null;
        var upload = Guid.NewGuid().ToString("N");
        var initial = KpiTestData.Input("u-bo") with { StartDate = Today, Deadline = Today.AddMonths(2), LabMetric = KpiLabMetric.TestAccuracy, LabDatasetKey = upload };
        var builder = context.Render<KpiBuilder>(parameters => parameters
            .Add(p => p.Initial, initial)
            .Add(p => p.Members, Members)
            .Add(p => p.Today, Today)
            .Add(p => p.UserId, "u-ada")
            .Add(p => p.LabDatasets, [new Portal.Features.ModelLab.DatasetInfo(Portal.Features.ModelLab.LabDatasets.FashionMnist, "Fashion-MNIST", 900, 100), new(upload, "Shop floor photos", 170, 30)])
            .Add(p => p.OnSave, input => saved = input));

        Assert.Empty(builder.FindAll("[data-testid=kpi-lab-note]"));
        builder.Find("[data-testid=kpi-step-1]").Click();

        Assert.Contains("Shop floor photos", builder.Find("[data-testid=kpi-lab-dataset]").ParentElement!.OuterHtml, StringComparison.Ordinal);
        Assert.Equal("Recorded on the day the run finishes; a run finishing later the same day replaces that day's value.", builder.Find("[data-testid=kpi-lab-note]").TextContent.Trim());
        builder.Find("[data-testid=kpi-save]").Click();
        Assert.Equal(initial, saved);
    }

    [Fact]
    public void A_draft_without_a_lab_figure_sends_no_data_set()
    {
        var draft = KpiDraft.From(KpiTestData.Input("u-bo") with { LabMetric = KpiLabMetric.TestLoss, LabDatasetKey = "fashion-mnist" });
        draft.LabMetric = null;

        var (input, errors) = draft.Read(KpiTestData.Today, deadlineMustBeFuture: true);

        Assert.Empty(errors);
        Assert.Equal(((KpiLabMetric?)null, (string?)null), (input.LabMetric, input.LabDatasetKey));
    }

    private static IRenderedComponent<KpiBuilder> Render(BunitContext context, KpiInput? initial = null, Action<KpiInput>? onSave = null) =>
        context.Render<KpiBuilder>(parameters => parameters
            .Add(p => p.Initial, initial)
            .Add(p => p.Members, Members)
            .Add(p => p.Today, Today)
            .Add(p => p.UserId, "u-ada")
            .Add(p => p.OnSave, input => onSave?.Invoke(input)));

    private static string? CurrentStep(IRenderedComponent<KpiBuilder> builder) =>
        builder.Find("[aria-current=step]").GetAttribute("data-testid")?["kpi-step-".Length..];

    private static void Fill(IRenderedComponent<KpiBuilder> builder, string testId, string value) =>
        builder.Find($"input[data-testid={testId}], [data-testid={testId}] input, textarea[data-testid={testId}], [data-testid={testId}] textarea").Input(value);

    private static void ChooseDirection(IRenderedComponent<KpiBuilder> builder, KpiDirection direction) =>
        builder.Find($"[data-testid=kpi-direction-{direction.ToString().ToLowerInvariant()}] input, input[data-testid=kpi-direction-{direction.ToString().ToLowerInvariant()}]").Click();

    private static void PassSpecific(IRenderedComponent<KpiBuilder> builder)
    {
        Fill(builder, "kpi-name", "Paying mills");
        Fill(builder, "kpi-unit", "mills");
        builder.Find("[data-testid=kpi-next]").Click();
        Assert.Equal("1", CurrentStep(builder));
    }
}
