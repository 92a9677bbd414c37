using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Canvas;
using Portal.Features.Cohorts;
using Portal.Features.Competitors;
using Portal.Features.Plan;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Competitors;

public sealed class CompetitorServiceTests(WorkspaceWorld world) : CompetitorServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class CompetitorServiceTestsOnPostgres(PostgresWorkspaceWorld world) : CompetitorServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class CompetitorServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private CompetitorService Competitors => world.Services.GetRequiredService<CompetitorService>();

    private CanvasService Canvas => world.Services.GetRequiredService<CanvasService>();

    private string Owner => world.Id(Persona.Owner)!;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static CompanyInput Company(string name) => CompanyInput.Blank(name) with
    {
        Website = "https://example.com/" + Uri.EscapeDataString(name),
        Segment = "Weaving mills",
        Pricing = "US$400 a loom a year",
        FundingStage = FundingStage.SeriesA,
        Strengths = "Large sales team",
        Weaknesses = "Cloud only",
        Sources = [new SourceInput(CompetitorFact.Pricing, "https://example.com/pricing", new DateOnly(2026, 11, 2)), new SourceInput(CompetitorFact.FundingStage, "Trade fair talk", null)],
    };

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Every_change_is_for_owners_and_editors_and_reading_for_members_and_the_cohort_s_instructor(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona) ?? "";
        var toUpdate = await Competitors.CreateAsync(Owner, workspace.Id, Company("To update"));
        var toMove = await Competitors.CreateAsync(Owner, workspace.Id, Company("To move"));
        var toDelete = await Competitors.CreateAsync(Owner, workspace.Id, Company("To delete"));
        var note = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.ValuePropositions, "Stops found in a minute", NoteColour.Yellow);

        var outcomes = new[]
        {
            await AccessOutcome.OfAsync(() => Competitors.CreateAsync(user, workspace.Id, Company("New"))),
            await AccessOutcome.OfAsync(() => Competitors.CreateAsync(user, workspace.Id, CompanyInput.Blank("Us"), ownCompany: true)),
            await AccessOutcome.OfAsync(() => Competitors.UpdateAsync(user, workspace.Id, toUpdate.Id, toUpdate.ToInput() with { Name = "Updated" }, toUpdate.Version)),
            await AccessOutcome.OfAsync(() => Competitors.MoveAsync(user, workspace.Id, toMove.Id, -1)),
            await AccessOutcome.OfAsync(() => Competitors.DeleteAsync(user, workspace.Id, toDelete.Id)),
            await AccessOutcome.OfAsync(() => Competitors.SaveStrategyAsync(user, workspace.Id, new StrategyInput(CompetitiveStrategyKind.Differentiation, "", "Faster alerts", [note.Id]), Guid.Empty)),
        };

        var expected = allowed ? "ok" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found";
        Assert.All(outcomes, outcome => Assert.Equal(expected, outcome));
        var stored = (await Competitors.ListAsync(Owner, workspace.Id))!.Select(c => c.Name).ToList();
        Assert.Equal(allowed ? ["To move", "Updated", "New", "Us"] : ["To update", "To move", "To delete"], stored);
        Assert.Equal(allowed, (await Competitors.GetStrategyAsync(Owner, workspace.Id))!.Exists);

        var reads = persona is not (Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous);
        Assert.Equal(reads, await Competitors.ListAsync(world.Id(persona), workspace.Id) is { Count: > 0 });
        Assert.Equal(reads, await Competitors.GetStrategyAsync(world.Id(persona), workspace.Id) is not null);
        Assert.Equal(reads, await Competitors.SegmentsAsync(world.Id(persona), workspace.Id) is not null);
        Assert.Equal(reads, await Competitors.ValuePropositionsAsync(world.Id(persona), workspace.Id) is { Count: 1 });
    }

    [Fact]
    public async Task A_company_keeps_every_fact_with_its_source_and_date_and_a_save_replaces_them()
    {
        var workspace = await world.NewWorkspaceAsync();

        var created = await Competitors.CreateAsync(Owner, workspace.Id, Company(" Weavr ") with { Website = " https://weavr.example " });
        var updated = await Competitors.UpdateAsync(Owner, workspace.Id, created.Id, created.ToInput() with
        {
            Sources = [new SourceInput(CompetitorFact.Weaknesses, "Review on a forum", Today), new SourceInput(CompetitorFact.Pricing, "https://example.com/pricing-2027", null), new SourceInput(CompetitorFact.Segment, " ", null)],
        }, created.Version);

        Assert.Equal(("Weavr", "https://weavr.example", "Weaving mills", FundingStage.SeriesA, false), (created.Name, created.Website, created.Segment, created.FundingStage, created.IsOwnCompany));
        Assert.Equal([(CompetitorFact.Pricing, "https://example.com/pricing", (DateOnly?)new DateOnly(2026, 11, 2)), (CompetitorFact.FundingStage, "Trade fair talk", null)], created.Sources.Select(s => (s.Fact, s.Source, s.SeenOn)));
        // The empty source is no source; the others are in fact order.
        Assert.Equal([(CompetitorFact.Pricing, "https://example.com/pricing-2027", (DateOnly?)null), (CompetitorFact.Weaknesses, "Review on a forum", Today)], updated.Sources.Select(s => (s.Fact, s.Source, s.SeenOn)));
        Assert.NotEqual(created.Version, updated.Version);
        Assert.Equal(Shape(updated), Shape(Assert.Single((await Competitors.ListAsync(Owner, workspace.Id))!)));
    }

    [Fact]
    public async Task Invalid_input_is_refused_field_by_field_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        await Competitors.CreateAsync(Owner, workspace.Id, Company("Weavr"));
        var bad = Company(" ") with
        {
            Website = "ftp://weavr.example",
            Pricing = new string('x', Competitor.PricingMaxLength + 1),
            Sources = [new SourceInput(CompetitorFact.Pricing, "https://", null), new SourceInput(CompetitorFact.Strengths, "Their blog", Today.AddDays(2))],
        };

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Competitors.CreateAsync(Owner, workspace.Id, bad));
        var duplicate = await Assert.ThrowsAsync<InputRejectedException>(() => Competitors.CreateAsync(Owner, workspace.Id, Company("WEAVR") with { Website = "weavr.example" }));

        Assert.Equal(
            [("Name", "Validation.RequiredField"), ("Website", "Competitor.Error.Website"), ("Pricing", "Validation.TooLong"), ("Sources.Pricing", "Competitor.Error.SourceLink"), ("Sources.Strengths", "Competitor.Error.SeenInFuture")],
            refused.Errors.Select(e => (e.Field, e.MessageKey)));
        Assert.Equal([("Name", "Competitor.Error.DuplicateName"), ("Website", "Competitor.Error.Website")], duplicate.Errors.Select(e => (e.Field, e.MessageKey)));
        Assert.Equal(["Weavr"], (await Competitors.ListAsync(Owner, workspace.Id))!.Select(c => c.Name));
    }

    [Fact]
    public async Task A_workspace_holds_at_most_thirty_companies_our_own_included()
    {
        var workspace = await world.NewWorkspaceAsync();
        await Competitors.CreateAsync(Owner, workspace.Id, CompanyInput.Blank("Us"), ownCompany: true);
        for (var i = 1; i < Competitor.MaxPerWorkspace; i++)
        {
            await Competitors.CreateAsync(Owner, workspace.Id, CompanyInput.Blank($"Rival {i}"));
        }

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Competitors.CreateAsync(Owner, workspace.Id, CompanyInput.Blank("One too many")));

        Assert.Equal(("Name", "Competitor.Error.TooMany", 30), (refused.Errors[0].Field, refused.Errors[0].MessageKey, (int)refused.Errors[0].Arguments[0]));
        Assert.Equal(30, (await Competitors.ListAsync(Owner, workspace.Id))!.Count);
    }

    [Fact]
    public async Task Our_company_is_one_row_and_cannot_be_deleted_while_the_matrix_or_a_map_holds_it()
    {
        var workspace = await world.NewWorkspaceAsync();
        var us = await Competitors.CreateAsync(Owner, workspace.Id, CompanyInput.Blank(workspace.Name), ownCompany: true);
        var rival = await Competitors.CreateAsync(Owner, workspace.Id, Company("Weavr"));

        var second = await Assert.ThrowsAsync<InputRejectedException>(() => Competitors.CreateAsync(Owner, workspace.Id, CompanyInput.Blank("Us again"), ownCompany: true));
        // A cell of ours in the matrix, as the matrix's part would store it.
        var dbFactory = world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var rowId = Guid.NewGuid();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Add(new ComparisonRow { Id = rowId, WorkspaceId = workspace.Id, Name = "Works offline", CreatedAt = DateTimeOffset.UtcNow });
            db.Add(new ComparisonCell { WorkspaceId = workspace.Id, RowId = rowId, CompetitorId = us.Id, Kind = CellKind.Yes, UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var inUse = await Assert.ThrowsAsync<InputRejectedException>(() => Competitors.DeleteAsync(Owner, workspace.Id, us.Id));
        await Competitors.DeleteAsync(Owner, workspace.Id, rival.Id);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.Set<ComparisonRow>().Where(r => r.Id == rowId).ExecuteDeleteAsync();
        }

        await Competitors.DeleteAsync(Owner, workspace.Id, us.Id);

        Assert.Equal("Competitor.Error.OwnExists", second.Errors[0].MessageKey);
        Assert.Equal("Competitor.Error.OwnInUse", inUse.Errors[0].MessageKey);
        Assert.Empty((await Competitors.ListAsync(Owner, workspace.Id))!);
        // Gone, it can be added again.
        Assert.True((await Competitors.CreateAsync(Owner, workspace.Id, CompanyInput.Blank("Us"), ownCompany: true)).IsOwnCompany);
    }

    [Fact]
    public async Task A_stale_save_is_refused_with_the_current_company_and_a_change_to_a_deleted_one_says_so()
    {
        var workspace = await world.NewWorkspaceAsync();
        var read = await Competitors.CreateAsync(Owner, workspace.Id, Company("Weavr"));
        var bos = await Competitors.UpdateAsync(world.Id(Persona.Editor)!, workspace.Id, read.Id, read.ToInput() with { Pricing = "US$350, by Bo" }, read.Version);

        var stale = await Assert.ThrowsAsync<ConcurrencyConflictException<CompanyView>>(() =>
            Competitors.UpdateAsync(Owner, workspace.Id, read.Id, read.ToInput() with { Pricing = "US$500, by Ada" }, read.Version));
        await Competitors.DeleteAsync(Owner, workspace.Id, read.Id);
        var gone = await Assert.ThrowsAsync<InputRejectedException>(() => Competitors.UpdateAsync(Owner, workspace.Id, read.Id, read.ToInput(), bos.Version));

        Assert.Equal(("US$350, by Bo", bos.Version), (stale.Current.Pricing, stale.Current.Version));
        Assert.Equal(CompetitorService.NoCompanyKey, gone.Errors[0].MessageKey);
    }

    [Fact]
    public async Task Moving_a_company_renumbers_the_columns_and_stops_at_either_end()
    {
        var workspace = await world.NewWorkspaceAsync();
        var a = await Competitors.CreateAsync(Owner, workspace.Id, CompanyInput.Blank("A"));
        await Competitors.CreateAsync(Owner, workspace.Id, CompanyInput.Blank("B"));
        var c = await Competitors.CreateAsync(Owner, workspace.Id, CompanyInput.Blank("C"));

        var afterUp = await Competitors.MoveAsync(Owner, workspace.Id, c.Id, -1);
        var atTop = await Competitors.MoveAsync(Owner, workspace.Id, a.Id, -1);
        var down = await Competitors.MoveAsync(Owner, workspace.Id, a.Id, 1);

        Assert.Equal(["A", "C", "B"], afterUp.Select(v => v.Name));
        Assert.Equal(["A", "C", "B"], atTop.Select(v => v.Name));
        Assert.Equal([("C", 0), ("A", 1), ("B", 2)], down.Select(v => (v.Name, v.Position)));
        Assert.Equal(down.Select(Shape), (await Competitors.ListAsync(Owner, workspace.Id))!.Select(Shape));
        // Nothing a form holds changed: versions stay, so an open form is not in conflict.
        Assert.Equal(a.Version, down[1].Version);
    }

    [Fact]
    public async Task The_strategy_links_only_the_canvas_s_value_propositions_a_focus_names_its_segment_and_a_stale_save_is_refused()
    {
        var workspace = await world.NewWorkspaceAsync();
        var elsewhere = await world.NewWorkspaceAsync();
        var alerts = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.ValuePropositions, "Stops found in a minute", NoteColour.Yellow);
        var report = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.ValuePropositions, "A monthly defect report", NoteColour.Yellow);
        var segment = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.CustomerSegments, "Small weaving mills", NoteColour.Blue);
        var foreign = await Canvas.AddNoteAsync(Owner, elsewhere.Id, CanvasBlock.ValuePropositions, "Someone else's", NoteColour.Yellow);

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Competitors.SaveStrategyAsync(Owner, workspace.Id,
            new StrategyInput(CompetitiveStrategyKind.Focus, " ", "", [alerts.Id, foreign.Id, segment.Id]), Guid.Empty));
        var first = await Competitors.SaveStrategyAsync(Owner, workspace.Id, new StrategyInput(CompetitiveStrategyKind.Focus, "Small weaving mills", " Alerts mills can afford ", [alerts.Id, report.Id]), Guid.Empty);
        var bos = await Competitors.SaveStrategyAsync(world.Id(Persona.Editor)!, workspace.Id, first.ToInput() with { Kind = CompetitiveStrategyKind.CostLeadership }, first.Version);
        var stale = await Assert.ThrowsAsync<ConcurrencyConflictException<StrategyView>>(() =>
            Competitors.SaveStrategyAsync(Owner, workspace.Id, first.ToInput() with { Statement = "By Ada" }, first.Version));
        var again = await Assert.ThrowsAsync<ConcurrencyConflictException<StrategyView>>(() =>
            Competitors.SaveStrategyAsync(Owner, workspace.Id, StrategyInput.Blank with { Statement = "A second first" }, Guid.Empty));
        await Canvas.DeleteNoteAsync(Owner, workspace.Id, report.Id);

        Assert.Equal(
            [("FocusSegment", "Validation.RequiredField"), ("Statement", "Validation.RequiredField"), ("ValuePropositionIds", "Competitor.Error.NotAValueProposition")],
            refused.Errors.Select(e => (e.Field, e.MessageKey)));
        Assert.Equal(("Small weaving mills", "Alerts mills can afford"), (first.FocusSegment, first.Statement));
        // Only a focus keeps its segment.
        Assert.Equal((CompetitiveStrategyKind.CostLeadership, ""), (bos.Kind, bos.FocusSegment));
        Assert.All([stale.Current, again.Current], current => Assert.Equal((CompetitiveStrategyKind.CostLeadership, bos.Version), (current.Kind, current.Version)));
        // A note deleted on the canvas is no longer shown as a link.
        var stored = (await Competitors.GetStrategyAsync(Owner, workspace.Id))!;
        Assert.Equal([alerts.Id], stored.ValuePropositionIds);
        Assert.Equal(bos.Version, stored.Version);
        Assert.Equal(["Small weaving mills"], await Competitors.SegmentsAsync(Owner, workspace.Id));
    }

    [Fact]
    public async Task Each_change_is_in_the_activity_log_and_tells_open_pages_what_changed()
    {
        var workspace = await world.NewWorkspaceAsync();
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var us = await Competitors.CreateAsync(Owner, workspace.Id, CompanyInput.Blank("Us"), ownCompany: true);
        var rival = await Competitors.CreateAsync(Owner, workspace.Id, Company("Weavr"));
        var renamed = await Competitors.UpdateAsync(Owner, workspace.Id, rival.Id, rival.ToInput() with { Name = "Weavr AI" }, rival.Version);
        await Competitors.MoveAsync(Owner, workspace.Id, rival.Id, -1);
        var strategy = await Competitors.SaveStrategyAsync(Owner, workspace.Id, StrategyInput.Blank with { Statement = "Alerts first\nand nothing else" }, Guid.Empty);
        await Competitors.DeleteAsync(Owner, workspace.Id, rival.Id);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == CompetitorTopics.Companies) == 6);
        var carried = changes.Where(c => c.Topic == CompetitorTopics.Companies).Select(c => c.Changes).ToList();
        Assert.Equal([us, rival, renamed], carried.Take(3).Select(c => Assert.Single(Assert.IsType<ItemChanges<CompanyView>>(c).Upserted)));
        Assert.Equal(["Weavr AI", "Us"], Assert.IsType<ItemChanges<CompanyView>>(carried[3]).Upserted.Select(v => v.Name));
        Assert.Equal(strategy, Assert.IsType<StrategyView>(carried[4]));
        Assert.Equal(rival.Id, Assert.Single(Assert.IsType<ItemChanges<CompanyView>>(carried[5]).Removed));

        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Equal(
            [("competitor.deleted", "Weavr AI"), ("competitor.strategy", "Alerts first"), ("competitor.moved", "Weavr AI"), ("competitor.updated", "Weavr AI"), ("competitor.created", "Weavr"), ("competitor.own", "Us")],
            activity.Where(a => a.Kind.StartsWith("competitor.", StringComparison.Ordinal)).Select(a => (a.Kind, a.Subject)));
        Assert.All(activity.Where(a => a.Kind.StartsWith("competitor.", StringComparison.Ordinal)), a => Assert.Equal($"/w/{workspace.Slug}/competitors", a.Link));
        // Every kind has its text for the activity list, in both languages.
        var texts = world.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<UiStrings>>();
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            using (new CultureScope(culture))
            {
                Assert.All(activity.Where(a => a.Kind.StartsWith("competitor.", StringComparison.Ordinal)), a => Assert.False(texts[$"Activity.{a.Kind}"].ResourceNotFound, a.Kind));
            }
        }
    }

    /// <summary>A company's every value as text: records holding lists compare those by reference.</summary>
    private static string Shape(CompanyView company) =>
        $"{company with { Sources = [], CreatedAt = default, UpdatedAt = default }} {string.Join(", ", company.Sources)}";

    private sealed class CultureScope : IDisposable
    {
        private readonly System.Globalization.CultureInfo before = System.Globalization.CultureInfo.CurrentUICulture;

        public CultureScope(string culture) => System.Globalization.CultureInfo.CurrentUICulture = new(culture);

        public void Dispose() => System.Globalization.CultureInfo.CurrentUICulture = before;
    }

    [Fact]
    public async Task The_plan_lists_the_companies_and_the_strategy_escaped_with_the_matrix_s_and_maps_size_and_the_dashboard_counts_competitors()
    {
        var workspace = await world.NewWorkspaceAsync();
        var empty = await world.NewWorkspaceAsync();
        var note = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.ValuePropositions, "Stops found in a minute", NoteColour.Yellow);
        await Competitors.CreateAsync(Owner, workspace.Id, CompanyInput.Blank("Us"), ownCompany: true);
        await Competitors.CreateAsync(Owner, workspace.Id, Company("Weavr | AI") with { Strengths = "Sales <b>everywhere</b>" });
        await Competitors.CreateAsync(Owner, workspace.Id, Company("Loomwatch"));
        await Competitors.SaveStrategyAsync(Owner, workspace.Id, new StrategyInput(CompetitiveStrategyKind.Focus, "Small mills", "Alerts [first](x)", [note.Id]), Guid.Empty);
        await using (var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.Add(new ComparisonRow { WorkspaceId = workspace.Id, Name = "Works offline", CreatedAt = DateTimeOffset.UtcNow });
            db.Add(new PositioningMap { WorkspaceId = workspace.Id, Name = "Price and quality", XAxis = "Price", YAxis = "Quality", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var section = world.Services.GetServices<IPlanSection>().OfType<CompetitorPlanSection>().Single();
        string markdown, none, stranger;
        using (new CultureScope("en"))
        {
            markdown = await section.ToMarkdownAsync(Owner, workspace.Id, CancellationToken.None);
            none = await section.ToMarkdownAsync(Owner, empty.Id, CancellationToken.None);
            stranger = await section.ToMarkdownAsync(world.Id(Persona.Stranger)!, workspace.Id, CancellationToken.None);
        }

        Assert.StartsWith("## Competitors and competitive strategy", markdown, StringComparison.Ordinal);
        Assert.Contains("| Us (Us) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Weavr \\| AI · https://example.com/Weavr%20%7C%20AI | Weaving mills | US$400 a loom a year | Series A | Sales &lt;b&gt;everywhere&lt;/b&gt; | Cloud only |", markdown, StringComparison.Ordinal);
        Assert.Contains("2 competitors · 1 matrix rows · 1 positioning maps", markdown, StringComparison.Ordinal);
        Assert.Contains("**Focus: Small mills**", markdown, StringComparison.Ordinal);
        Assert.Contains("Alerts \\[first\\](x)", markdown, StringComparison.Ordinal);
        Assert.Contains("- Stops found in a minute", markdown, StringComparison.Ordinal);
        Assert.Contains("No companies recorded yet.", none, StringComparison.Ordinal);
        Assert.Contains("No competitive strategy written yet.", none, StringComparison.Ordinal);
        Assert.Equal("", stranger);

        var column = world.Services.GetServices<ICohortDashboardColumn>().OfType<CompetitorCountColumn>().Single();
        var cells = await column.GetAsync([workspace.Id, empty.Id], CancellationToken.None);
        Assert.Equal("2", cells[workspace.Id].Text);
        Assert.False(cells.ContainsKey(empty.Id));
        var atAGlance = await world.Services.GetRequiredService<CohortDashboardService>().GetWorkspaceFiguresAsync(Owner, workspace.Id);
        Assert.Equal("2", atAGlance.Single(f => f.TitleKey == "Dashboard.Competitors").Cell!.Text);
    }
}
