using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Canvas;
using Portal.Features.Cohorts;
using Portal.Features.Plan;
using Portal.Features.Research;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Research;

public sealed class ResearchServiceTests(WorkspaceWorld world) : ResearchServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class ResearchServiceTestsOnPostgres(PostgresWorkspaceWorld world) : ResearchServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class ResearchServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    private ResearchService Research => world.Services.GetRequiredService<ResearchService>();

    private string Owner => world.Id(Persona.Owner)!;

    private static InterviewInput Interview(string person = "Clinic manager A") =>
        new("Small clinics", "Manager", person, Day, InterviewMethod.Interview, "Spends **two hours** a day on scheduling.");

    private static RequirementInput Requirement(string title, params Guid[] insights) =>
        new(title, RequirementKind.Functional, RequirementPriority.Must, "Books a slot in under a minute.", RequirementStatus.Proposed, insights, null);

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Every_change_is_for_owners_and_editors_and_reading_for_members_and_the_cohort_s_instructor(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona) ?? "";
        var interview = await Research.CreateInterviewAsync(Owner, workspace.Id, Interview("Kept"));
        var doomedInterview = await Research.CreateInterviewAsync(Owner, workspace.Id, Interview("To delete"));
        var insight = await Research.CreateInsightAsync(Owner, workspace.Id, new("Kept insight", "", [interview.Id]));
        var doomedInsight = await Research.CreateInsightAsync(Owner, workspace.Id, new("Insight to delete", "", [interview.Id]));
        var requirement = await Research.CreateRequirementAsync(Owner, workspace.Id, Requirement("Kept requirement", insight.Id));
        var doomedRequirement = await Research.CreateRequirementAsync(Owner, workspace.Id, Requirement("Requirement to delete"));

        var outcomes = new[]
        {
            await AccessOutcome.OfAsync(() => Research.CreateInterviewAsync(user, workspace.Id, Interview("New"))),
            await AccessOutcome.OfAsync(() => Research.UpdateInterviewAsync(user, workspace.Id, interview.Id, Interview("Changed"), interview.Version)),
            await AccessOutcome.OfAsync(() => Research.DeleteInterviewAsync(user, workspace.Id, doomedInterview.Id)),
            await AccessOutcome.OfAsync(() => Research.CreateInsightAsync(user, workspace.Id, new("New insight", "", [interview.Id]))),
            await AccessOutcome.OfAsync(() => Research.UpdateInsightAsync(user, workspace.Id, insight.Id, new("Changed insight", "", [interview.Id]), insight.Version)),
            await AccessOutcome.OfAsync(() => Research.DeleteInsightAsync(user, workspace.Id, doomedInsight.Id)),
            await AccessOutcome.OfAsync(() => Research.CreateRequirementAsync(user, workspace.Id, Requirement("New requirement"))),
            await AccessOutcome.OfAsync(() => Research.UpdateRequirementAsync(user, workspace.Id, requirement.Id, Requirement("Changed requirement"), requirement.Version)),
            await AccessOutcome.OfAsync(() => Research.DeleteRequirementAsync(user, workspace.Id, doomedRequirement.Id)),
        };

        var expected = allowed ? "ok" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found";
        Assert.All(outcomes, outcome => Assert.Equal(expected, outcome));
        var stored = (await Research.GetAsync(Owner, workspace.Id))!;
        Assert.Equal(allowed ? ["Changed", "New"] : ["Kept", "To delete"], stored.Interviews.Select(i => i.Person).Order());
        Assert.Equal(allowed ? ["Changed insight", "New insight"] : ["Insight to delete", "Kept insight"], stored.Insights.Select(i => i.Statement).Order());
        Assert.Equal(allowed ? ["Changed requirement", "New requirement"] : ["Kept requirement", "Requirement to delete"], stored.Requirements.Select(r => r.Title).Order());

        // A stranger, the other cohort's instructor and a visitor learn nothing, not even the canvas's segments.
        var reads = persona is not (Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous);
        Assert.Equal(reads, await Research.GetAsync(world.Id(persona), workspace.Id) is { Interviews.Count: 2 });
        Assert.Equal(reads, await Research.SegmentsAsync(world.Id(persona), workspace.Id) is not null);
        Assert.Equal(reads, await Research.ValuePropositionsAsync(world.Id(persona), workspace.Id) is not null);
    }

    [Fact]
    public async Task A_stale_save_is_refused_with_the_current_item_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var editor = world.Id(Persona.Editor)!;
        var interview = await Research.CreateInterviewAsync(Owner, workspace.Id, Interview());
        var insight = await Research.CreateInsightAsync(Owner, workspace.Id, new("Scheduling eats the morning", "time", [interview.Id]));
        var requirement = await Research.CreateRequirementAsync(Owner, workspace.Id, Requirement("Online booking", insight.Id));
        var bosInterview = await Research.UpdateInterviewAsync(editor, workspace.Id, interview.Id, Interview() with { Role = "Owner" }, interview.Version);
        var bosInsight = await Research.UpdateInsightAsync(editor, workspace.Id, insight.Id, insight.ToInput() with { Statement = "Bo's wording" }, insight.Version);
        var bosRequirement = await Research.UpdateRequirementAsync(editor, workspace.Id, requirement.Id, requirement.ToInput() with { Status = RequirementStatus.Accepted }, requirement.Version);

        var interviewConflict = await Assert.ThrowsAsync<ConcurrencyConflictException<InterviewView>>(() =>
            Research.UpdateInterviewAsync(Owner, workspace.Id, interview.Id, Interview() with { Role = "Receptionist" }, interview.Version));
        var insightConflict = await Assert.ThrowsAsync<ConcurrencyConflictException<InsightView>>(() =>
            Research.UpdateInsightAsync(Owner, workspace.Id, insight.Id, insight.ToInput() with { Statement = "Ada's wording" }, insight.Version));
        var requirementConflict = await Assert.ThrowsAsync<ConcurrencyConflictException<RequirementView>>(() =>
            Research.UpdateRequirementAsync(Owner, workspace.Id, requirement.Id, requirement.ToInput() with { Title = "Ada's title" }, requirement.Version));

        Assert.Equal(("Owner", bosInterview.Version), (interviewConflict.Current.Role, interviewConflict.Current.Version));
        Assert.Equal(("Bo's wording", bosInsight.Version), (insightConflict.Current.Statement, insightConflict.Current.Version));
        Assert.Equal((RequirementStatus.Accepted, "Online booking", bosRequirement.Version), (requirementConflict.Current.Status, requirementConflict.Current.Title, requirementConflict.Current.Version));
        var stored = (await Research.GetAsync(Owner, workspace.Id))!;
        Assert.Equal(("Owner", bosInterview.Version), (stored.Interviews.Single().Role, stored.Interviews.Single().Version));
        Assert.Equal(("Bo's wording", bosInsight.Version), (stored.Insights.Single().Statement, stored.Insights.Single().Version));
        Assert.Equal(("Online booking", bosRequirement.Version), (stored.Requirements.Single().Title, stored.Requirements.Single().Version));
        Assert.Equal(3, new[] { interview.Version, bosInterview.Version, requirement.Version }.Distinct().Count());
    }

    [Fact]
    public async Task Invalid_input_is_refused_field_by_field_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var elsewhere = await world.NewWorkspaceAsync();
        var foreign = await Research.CreateInterviewAsync(Owner, elsewhere.Id, Interview());
        var tomorrowButOne = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3);

        var interview = await Assert.ThrowsAsync<InputRejectedException>(() => Research.CreateInterviewAsync(Owner, workspace.Id,
            new(new string('s', Portal.Features.Research.Interview.SegmentMaxLength + 1), "", " ", tomorrowButOne, (InterviewMethod)9, new string('n', Portal.Features.Research.Interview.NotesMaxLength + 1))));
        var undated = await Assert.ThrowsAsync<InputRejectedException>(() => Research.CreateInterviewAsync(Owner, workspace.Id, Interview() with { HeldOn = default }));
        var insight = await Assert.ThrowsAsync<InputRejectedException>(() => Research.CreateInsightAsync(Owner, workspace.Id, new(" ", new string('t', Insight.TagsMaxLength + 1), [])));
        var borrowed = await Assert.ThrowsAsync<InputRejectedException>(() => Research.CreateInsightAsync(Owner, workspace.Id, new("Heard elsewhere", "", [foreign.Id])));
        var requirement = await Assert.ThrowsAsync<InputRejectedException>(() => Research.CreateRequirementAsync(Owner, workspace.Id,
            new(new string('r', Portal.Features.Research.Requirement.TitleMaxLength + 1), (RequirementKind)7, (RequirementPriority)7, new string('c', Portal.Features.Research.Requirement.CriteriaMaxLength + 1), (RequirementStatus)7, [Guid.NewGuid()], null)));

        Assert.Equal(
            ["Segment:Validation.TooLong", "Person:Validation.RequiredField", "Notes:Validation.TooLong", "HeldOn:Research.Error.FutureDate", "Method:Validation.RequiredField"],
            interview.Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
        Assert.Equal(["HeldOn:Validation.RequiredField"], undated.Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
        Assert.Equal(["Statement:Validation.RequiredField", "Tags:Validation.TooLong", "InterviewIds:Research.Error.NoEvidence"], insight.Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
        Assert.Equal(["InterviewIds:Research.Error.UnknownInterview"], borrowed.Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
        Assert.Equal(
            ["Title:Validation.TooLong", "AcceptanceCriteria:Validation.TooLong", "Kind:Validation.RequiredField", "Priority:Validation.RequiredField", "Status:Validation.RequiredField", "InsightIds:Research.Error.UnknownInsight"],
            requirement.Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
        Assert.Equal(ResearchView.Empty.Interviews.Count, (await Research.GetAsync(Owner, workspace.Id))!.Interviews.Count);
        Assert.Empty((await Research.GetAsync(Owner, workspace.Id))!.Requirements);
    }

    [Fact]
    public async Task An_insight_heard_once_is_weak_twice_strong_and_a_requirement_without_insights_is_flagged()
    {
        var workspace = await world.NewWorkspaceAsync();
        var first = await Research.CreateInterviewAsync(Owner, workspace.Id, Interview("Clinic manager A"));
        var second = await Research.CreateInterviewAsync(Owner, workspace.Id, Interview("Clinic manager B"));

        var once = await Research.CreateInsightAsync(Owner, workspace.Id, new("Phones ring during treatment", " calls ,time,, Calls ", [first.Id, first.Id]));
        var twice = await Research.UpdateInsightAsync(Owner, workspace.Id, once.Id, once.ToInput() with { InterviewIds = [first.Id, second.Id] }, once.Version);
        var backed = await Research.CreateRequirementAsync(Owner, workspace.Id, Requirement("Online booking", twice.Id));
        var bare = await Research.CreateRequirementAsync(Owner, workspace.Id, Requirement("Dark mode"));

        Assert.Equal((1, true, "calls, time"), (once.EvidenceCount, once.IsWeak, once.Tags));
        Assert.Equal(["calls", "time"], once.TagList);
        Assert.Equal((2, false), (twice.EvidenceCount, twice.IsWeak));
        Assert.Equal(new[] { first.Id, second.Id }.Order(), twice.InterviewIds.Order());
        Assert.Equal((false, true), (backed.HasNoEvidence, bare.HasNoEvidence));

        // Deleting an interview weakens the insight it backed; deleting the insight leaves its requirement without evidence.
        await Research.DeleteInterviewAsync(Owner, workspace.Id, second.Id);
        var weakened = (await Research.GetAsync(Owner, workspace.Id))!.Insights.Single();
        Assert.Equal(first.Id, Assert.Single(weakened.InterviewIds));
        Assert.True(weakened.IsWeak);
        await Research.DeleteInsightAsync(Owner, workspace.Id, twice.Id);
        Assert.All((await Research.GetAsync(Owner, workspace.Id))!.Requirements, r => Assert.True(r.HasNoEvidence));
    }

    [Fact]
    public async Task A_requirement_names_only_a_live_value_proposition_of_its_own_workspace_and_segments_come_from_the_canvas()
    {
        var workspace = await world.NewWorkspaceAsync();
        var elsewhere = await world.NewWorkspaceAsync();
        var canvas = world.Services.GetRequiredService<CanvasService>();
        var proposition = await canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.ValuePropositions, "Booking without phone calls", NoteColour.Yellow);
        var segment = await canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.CustomerSegments, "Small dental clinics\nin towns", NoteColour.Blue);
        await canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.CustomerSegments, new string('x', Portal.Features.Research.Interview.SegmentMaxLength + 20), NoteColour.Blue);
        var foreign = await canvas.AddNoteAsync(Owner, elsewhere.Id, CanvasBlock.ValuePropositions, "Someone else's", NoteColour.Yellow);
        var deleted = await canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.ValuePropositions, "Dropped", NoteColour.Yellow);
        await canvas.DeleteNoteAsync(Owner, workspace.Id, deleted.Id);

        var refusals = new List<string>();
        foreach (var note in new[] { segment.Id, foreign.Id, deleted.Id, Guid.NewGuid() })
        {
            var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Research.CreateRequirementAsync(Owner, workspace.Id, Requirement("Booking") with { CanvasNoteId = note }));
            refusals.Add($"{refused.Errors.Single().Field}:{refused.Errors.Single().MessageKey}");
        }

        var tied = await Research.CreateRequirementAsync(Owner, workspace.Id, Requirement("Booking") with { CanvasNoteId = proposition.Id });

        Assert.All(refusals, r => Assert.Equal("CanvasNoteId:Research.Error.NotAValueProposition", r));
        Assert.Equal(proposition.Id, tied.CanvasNoteId);
        Assert.Equal([new ValuePropositionView(proposition.Id, "Booking without phone calls")], await Research.ValuePropositionsAsync(Owner, workspace.Id));
        // The segments offered: each note's first line, cut to what a segment holds; free text is accepted too.
        Assert.Equal(["Small dental clinics", new string('x', Portal.Features.Research.Interview.SegmentMaxLength)], await Research.SegmentsAsync(Owner, workspace.Id));
        var free = await Research.CreateInterviewAsync(Owner, workspace.Id, Interview() with { Segment = "  Rural vets  " });
        Assert.Equal("Rural vets", free.Segment);
    }

    [Fact]
    public async Task Each_change_is_in_the_activity_log_and_tells_open_pages_on_the_research_topic()
    {
        var workspace = await world.NewWorkspaceAsync();
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var interview = await Research.CreateInterviewAsync(Owner, workspace.Id, Interview("Vet A"));
        var updated = await Research.UpdateInterviewAsync(Owner, workspace.Id, interview.Id, Interview("Vet A (owner)"), interview.Version);
        var insight = await Research.CreateInsightAsync(Owner, workspace.Id, new("Vets hate phone tag", "", [interview.Id]));
        var requirement = await Research.CreateRequirementAsync(Owner, workspace.Id, Requirement("Text reminders", insight.Id));
        await Research.DeleteRequirementAsync(Owner, workspace.Id, requirement.Id);
        await Research.DeleteInsightAsync(Owner, workspace.Id, insight.Id);
        await Research.DeleteInterviewAsync(Owner, workspace.Id, interview.Id);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == ResearchService.Topic) == 7);
        var research = changes.Where(c => c.Topic == ResearchService.Topic).ToList();
        Assert.Equal([interview, updated], research.Take(2).Select(c => Assert.Single(Assert.IsType<ItemChanges<InterviewView>>(c.Changes).Upserted)));
        Assert.Equal(insight, Assert.Single(Assert.IsType<ItemChanges<InsightView>>(research[2].Changes).Upserted));
        Assert.Equal(requirement.Id, Assert.Single(Assert.IsType<ItemChanges<RequirementView>>(research[4].Changes).Removed));
        Assert.Equal(interview.Id, Assert.Single(Assert.IsType<ItemChanges<InterviewView>>(research[6].Changes).Removed));

        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        var mine = activity.Where(a => a.Kind.StartsWith("research.", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                ("research.interview.deleted", "Vet A (owner)"), ("research.insight.deleted", "Vets hate phone tag"), ("research.requirement.deleted", "Text reminders"),
                ("research.requirement", "Text reminders"), ("research.insight", "Vets hate phone tag"), ("research.interview", "Vet A (owner)"), ("research.interview", "Vet A"),
            ],
            mine.Select(a => (a.Kind, a.Subject)));
        Assert.All(mine, a => Assert.Equal($"/w/{workspace.Slug}/research", a.Link));
    }

    [Fact]
    public async Task A_workspace_holds_at_most_its_limit_of_interviews_and_requirements()
    {
        var workspace = await world.NewWorkspaceAsync();
        await using (var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.AddRange(Enumerable.Range(0, Portal.Features.Research.Interview.MaxPerWorkspace).Select(i => new Interview { WorkspaceId = workspace.Id, Person = $"P{i}", HeldOn = Day }));
            db.AddRange(Enumerable.Range(0, Portal.Features.Research.Requirement.MaxPerWorkspace).Select(i => new Requirement { WorkspaceId = workspace.Id, Title = $"R{i}" }));
            await db.SaveChangesAsync();
        }

        var interview = await Assert.ThrowsAsync<InputRejectedException>(() => Research.CreateInterviewAsync(Owner, workspace.Id, Interview("One too many")));
        var requirement = await Assert.ThrowsAsync<InputRejectedException>(() => Research.CreateRequirementAsync(Owner, workspace.Id, Requirement("One too many")));

        Assert.Equal(("Person", "Research.Error.TooMany", 500), (interview.Errors[0].Field, interview.Errors[0].MessageKey, (int)interview.Errors[0].Arguments[0]));
        Assert.Equal(("Title", "Research.Error.TooMany", 300), (requirement.Errors[0].Field, requirement.Errors[0].MessageKey, (int)requirement.Errors[0].Arguments[0]));
        var stored = (await Research.GetAsync(Owner, workspace.Id))!;
        Assert.Equal((500, 300), (stored.Interviews.Count, stored.Requirements.Count));
    }

    [Fact]
    public async Task The_dashboard_counts_interviews_and_requirements_and_the_plan_exports_them_escaped()
    {
        var workspace = await world.NewWorkspaceAsync();
        var quiet = await world.NewWorkspaceAsync();
        var first = await Research.CreateInterviewAsync(Owner, workspace.Id, Interview("A"));
        await Research.CreateInterviewAsync(Owner, workspace.Id, Interview("B"));
        var insight = await Research.CreateInsightAsync(Owner, workspace.Id, new("Owners want <b>fewer</b> calls [really]", "", [first.Id]));
        await Research.CreateRequirementAsync(Owner, workspace.Id, Requirement("Book | cancel online", insight.Id));

        var column = world.Services.GetServices<ICohortDashboardColumn>().OfType<ResearchCountColumn>().Single();
        var cells = await column.GetAsync([workspace.Id, quiet.Id], CancellationToken.None);
        var section = world.Services.GetServices<IPlanSection>().OfType<ResearchPlanSection>().Single();
        string markdown;
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new("en");
        try
        {
            markdown = await section.ToMarkdownAsync(Owner, workspace.Id, CancellationToken.None);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }

        Assert.Equal("2 · 1", cells[workspace.Id].Text);
        Assert.False(cells.ContainsKey(quiet.Id));
        Assert.Equal((25, "research"), (section.Order, section.Tool));
        Assert.StartsWith("## User research and requirements", markdown, StringComparison.Ordinal);
        Assert.Contains("- Owners want &lt;b&gt;fewer&lt;/b&gt; calls \\[really\\] (Evidence 1, weak)", markdown, StringComparison.Ordinal);
        Assert.Contains("| Book \\| cancel online | Functional | Must have | Proposed | 1 |", markdown, StringComparison.Ordinal);
        Assert.Empty(await section.ToMarkdownAsync(world.Id(Persona.Stranger)!, workspace.Id, CancellationToken.None));
    }

    [Fact]
    public void A_change_reaches_other_nodes_whole()
    {
        var insight = new InsightView(Guid.NewGuid(), "Heard twice", "a, b", [Guid.NewGuid(), Guid.NewGuid()], Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var change = new WorkspaceChange(Guid.NewGuid(), ResearchService.Topic, insight.Id.ToString(), "ada", DateTimeOffset.UnixEpoch) { Changes = ItemChanges.Of(insight) };

        var read = Assert.Single(Assert.IsType<ItemChanges<InsightView>>(WorkspaceChangeSerializer.FromWire(WorkspaceChangeSerializer.ToWire(change)).Changes).Upserted);

        Assert.Equal((insight.Statement, insight.Version, false), (read.Statement, read.Version, read.IsWeak));
        Assert.Equal(insight.InterviewIds, read.InterviewIds);
    }
}
