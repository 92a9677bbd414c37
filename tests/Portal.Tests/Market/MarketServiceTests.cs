using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Canvas;
using Portal.Features.Cohorts;
using Portal.Features.Market;
using Portal.Features.Plan;
using Portal.Features.Research;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;
using Persona = Portal.Tests.Workspaces.Persona;

namespace Portal.Tests.Market;

public sealed class MarketServiceTests(WorkspaceWorld world) : MarketServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class MarketServiceTestsOnPostgres(PostgresWorkspaceWorld world) : MarketServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class MarketServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    private PersonaService Personas => world.Services.GetRequiredService<PersonaService>();

    private ChannelService Channels => world.Services.GetRequiredService<ChannelService>();

    private ResearchService Research => world.Services.GetRequiredService<ResearchService>();

    private CanvasService Canvas => world.Services.GetRequiredService<CanvasService>();

    private string Owner => world.Id(Persona.Owner)!;

    private static PersonaInput PersonaOf(string name, params Guid[] interviews) =>
        new(name, "Small clinics", "Fewer no-shows", "Phones ring during treatment", "Fill the diary", "I lose a morning a week to calls.", interviews);

    private static ChannelInput ChannelOf(string name, decimal budget = 3000m, long reach = 20_000, double conversion = 1.5) =>
        new(name, ChannelReach.Online, ChannelKind.Ads, budget, reach, conversion, null);

    private Task<InterviewView> InterviewAsync(Guid workspaceId, string person = "Clinic manager A") =>
        Research.CreateInterviewAsync(Owner, workspaceId, new InterviewInput("Small clinics", "Manager", person, Day, InterviewMethod.Interview, ""));

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Every_change_is_for_owners_and_editors_and_reading_for_members_and_the_cohort_s_instructor(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona) ?? "";
        var interview = await InterviewAsync(workspace.Id);
        var note = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.Channels, "Clinic trade fair", NoteColour.Green);
        var kept = await Personas.CreateAsync(Owner, workspace.Id, PersonaOf("Kept", interview.Id));
        var doomed = await Personas.CreateAsync(Owner, workspace.Id, PersonaOf("To delete"));
        var channel = await Channels.CreateAsync(Owner, workspace.Id, ChannelOf("Kept channel"));
        var doomedChannel = await Channels.CreateAsync(Owner, workspace.Id, ChannelOf("Channel to delete"));

        var outcomes = new[]
        {
            await AccessOutcome.OfAsync(() => Personas.CreateAsync(user, workspace.Id, PersonaOf("New", interview.Id))),
            await AccessOutcome.OfAsync(() => Personas.UpdateAsync(user, workspace.Id, kept.Id, PersonaOf("Changed"), kept.Version)),
            await AccessOutcome.OfAsync(() => Personas.DeleteAsync(user, workspace.Id, doomed.Id)),
            await AccessOutcome.OfAsync(() => Channels.CreateAsync(user, workspace.Id, ChannelInput.FromNote(new MarketCanvasNote(note.Id, note.Text)))),
            await AccessOutcome.OfAsync(() => Channels.UpdateAsync(user, workspace.Id, channel.Id, ChannelOf("Changed channel"), channel.Version)),
            await AccessOutcome.OfAsync(() => Channels.DeleteAsync(user, workspace.Id, doomedChannel.Id)),
        };

        var expected = allowed ? "ok" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found";
        Assert.All(outcomes, outcome => Assert.Equal(expected, outcome));
        Assert.Equal(allowed ? ["Changed", "New"] : ["Kept", "To delete"], (await Personas.ListAsync(Owner, workspace.Id))!.Select(p => p.Name).Order());
        Assert.Equal(allowed ? ["Changed channel", "Clinic trade fair"] : ["Channel to delete", "Kept channel"], (await Channels.ListAsync(Owner, workspace.Id))!.Select(c => c.Name).Order());

        // A stranger, the other cohort's instructor and a visitor learn nothing, not even the canvas's notes or the interviews.
        var reads = persona is not (Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous);
        Assert.Equal(reads, await Personas.ListAsync(world.Id(persona), workspace.Id) is { Count: 2 });
        Assert.Equal(reads, await Personas.InterviewsAsync(world.Id(persona), workspace.Id) is { Count: 1 });
        Assert.Equal(reads, await Personas.SegmentsAsync(world.Id(persona), workspace.Id) is not null);
        Assert.Equal(reads, await Channels.ListAsync(world.Id(persona), workspace.Id) is { Count: 2 });
        Assert.Equal(reads, await Channels.CanvasNotesAsync(world.Id(persona), workspace.Id) is { Count: 1 });
    }

    [Fact]
    public async Task A_stale_save_is_refused_with_the_current_item_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var editor = world.Id(Persona.Editor)!;
        var persona = await Personas.CreateAsync(Owner, workspace.Id, PersonaOf("Clinic manager"));
        var channel = await Channels.CreateAsync(Owner, workspace.Id, ChannelOf("Search ads"));
        var bosPersona = await Personas.UpdateAsync(editor, workspace.Id, persona.Id, persona.ToInput() with { Goals = "Bo's goals" }, persona.Version);
        var bosChannel = await Channels.UpdateAsync(editor, workspace.Id, channel.Id, channel.ToInput() with { MonthlyBudget = 4500m }, channel.Version);

        var personaConflict = await Assert.ThrowsAsync<ConcurrencyConflictException<PersonaView>>(() =>
            Personas.UpdateAsync(Owner, workspace.Id, persona.Id, persona.ToInput() with { Goals = "Ada's goals" }, persona.Version));
        var channelConflict = await Assert.ThrowsAsync<ConcurrencyConflictException<ChannelView>>(() =>
            Channels.UpdateAsync(Owner, workspace.Id, channel.Id, channel.ToInput() with { MonthlyBudget = 100m }, channel.Version));

        Assert.Equal(("Bo's goals", bosPersona.Version), (personaConflict.Current.Goals, personaConflict.Current.Version));
        Assert.Equal((4500m, 15m, bosChannel.Version), (channelConflict.Current.MonthlyBudget, channelConflict.Current.Cac, channelConflict.Current.Version));
        Assert.Equal("Bo's goals", (await Personas.ListAsync(Owner, workspace.Id))!.Single().Goals);
        Assert.Equal(4500m, (await Channels.ListAsync(Owner, workspace.Id))!.Single().MonthlyBudget);
        Assert.NotEqual(persona.Version, bosPersona.Version);
        Assert.NotEqual(channel.Version, bosChannel.Version);
    }

    [Fact]
    public async Task Invalid_input_is_refused_field_by_field_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var elsewhere = await world.NewWorkspaceAsync();
        var foreign = await InterviewAsync(elsewhere.Id);

        var persona = await Assert.ThrowsAsync<InputRejectedException>(() => Personas.CreateAsync(Owner, workspace.Id, new PersonaInput(
            " ", new string('s', Portal.Features.Market.Persona.SegmentMaxLength + 1), new string('g', Portal.Features.Market.Persona.TextMaxLength + 1),
            new string('p', Portal.Features.Market.Persona.TextMaxLength + 1), new string('j', Portal.Features.Market.Persona.TextMaxLength + 1),
            new string('q', Portal.Features.Market.Persona.QuoteMaxLength + 1), [foreign.Id])));
        var crowded = await Assert.ThrowsAsync<InputRejectedException>(() => Personas.CreateAsync(Owner, workspace.Id,
            PersonaOf("Too well heard", [.. Enumerable.Range(0, Portal.Features.Market.Persona.MaxInterviews + 1).Select(_ => Guid.NewGuid())])));
        var channel = await Assert.ThrowsAsync<InputRejectedException>(() => Channels.CreateAsync(Owner, workspace.Id,
            new ChannelInput(new string('n', MarketChannel.NameMaxLength + 1), (ChannelReach)5, (ChannelKind)42, -1m, -5, 100.5, null)));
        var huge = await Assert.ThrowsAsync<InputRejectedException>(() => Channels.CreateAsync(Owner, workspace.Id,
            new ChannelInput("Billboards", ChannelReach.Offline, ChannelKind.Ads, MarketChannel.MaxMonthlyBudget + 1, MarketChannel.MaxMonthlyReach + 1, double.NaN, null)));

        Assert.Equal(
            ["Name:Validation.RequiredField", "Segment:Validation.TooLong", "Goals:Validation.TooLong", "Pains:Validation.TooLong", "Jobs:Validation.TooLong", "Quote:Validation.TooLong", "InterviewIds:Market.Error.UnknownInterview"],
            persona.Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
        Assert.Equal(["InterviewIds:Market.Error.TooManyInterviews", "InterviewIds:Market.Error.UnknownInterview"], crowded.Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
        Assert.Equal(
            ["Name:Validation.TooLong", "Reach:Validation.RequiredField", "Kind:Validation.RequiredField", "MonthlyBudget:Market.Error.Budget", "MonthlyReach:Market.Error.Reach", "ConversionPercent:Market.Error.Conversion"],
            channel.Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
        Assert.Equal(["MonthlyBudget:Market.Error.Budget", "MonthlyReach:Market.Error.Reach", "ConversionPercent:Market.Error.Conversion"], huge.Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
        Assert.Empty((await Personas.ListAsync(Owner, workspace.Id))!);
        Assert.Empty((await Channels.ListAsync(Owner, workspace.Id))!);

        // The edges themselves are fine, and a budget is kept to the cent.
        var edge = await Channels.CreateAsync(Owner, workspace.Id, new ChannelInput("  Word of mouth ", ChannelReach.Offline, ChannelKind.Referral, 1234.567m, MarketChannel.MaxMonthlyReach, 100, null));
        Assert.Equal(("Word of mouth", 1234.57m, 100d), (edge.Name, edge.MonthlyBudget, edge.ConversionPercent));
        Assert.Equal(1234.57m, (await Channels.ListAsync(Owner, workspace.Id))!.Single().MonthlyBudget);
    }

    [Fact]
    public async Task A_persona_shows_how_many_interviews_back_it_and_without_any_is_an_assumption()
    {
        var workspace = await world.NewWorkspaceAsync();
        var first = await InterviewAsync(workspace.Id, "Clinic manager A");
        var second = await InterviewAsync(workspace.Id, "Clinic manager B");
        var canvas = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.CustomerSegments, "Small dental clinics\nin towns", NoteColour.Blue);

        var assumed = await Personas.CreateAsync(Owner, workspace.Id, PersonaOf("Guessed"));
        var backed = await Personas.CreateAsync(Owner, workspace.Id, PersonaOf("  Practice manager  ", first.Id, second.Id, first.Id));

        Assert.Equal((0, true), (assumed.EvidenceCount, assumed.IsAssumption));
        Assert.Equal((2, false, "Practice manager"), (backed.EvidenceCount, backed.IsAssumption, backed.Name));
        Assert.Equal(new[] { first.Id, second.Id }.Order(), backed.InterviewIds);
        Assert.Equal(["Small dental clinics"], await Personas.SegmentsAsync(Owner, workspace.Id));
        Assert.Equal(["Clinic manager B", "Clinic manager A"], (await Personas.InterviewsAsync(Owner, workspace.Id))!.Select(i => i.Person).Order().Reverse());
        _ = canvas;

        // Linking is a set: an update drops and adds; deleting an interview in the research tool leaves the persona without it.
        var relinked = await Personas.UpdateAsync(Owner, workspace.Id, backed.Id, backed.ToInput() with { InterviewIds = [second.Id] }, backed.Version);
        Assert.Equal([second.Id], relinked.InterviewIds);
        await Research.DeleteInterviewAsync(Owner, workspace.Id, second.Id);
        var stored = (await Personas.ListAsync(Owner, workspace.Id))!.Single(p => p.Id == backed.Id);
        Assert.True(stored.IsAssumption);
    }

    [Fact]
    public async Task A_canvas_channels_note_starts_one_channel_only_and_a_note_of_another_block_or_workspace_none()
    {
        var workspace = await world.NewWorkspaceAsync();
        var elsewhere = await world.NewWorkspaceAsync();
        var fair = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.Channels, "Dental trade fair\nin spring", NoteColour.Green);
        var segment = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.CustomerSegments, "Clinics", NoteColour.Blue);
        var foreign = await Canvas.AddNoteAsync(Owner, elsewhere.Id, CanvasBlock.Channels, "Someone else's", NoteColour.Green);
        var dropped = await Canvas.AddNoteAsync(Owner, workspace.Id, CanvasBlock.Channels, "Dropped", NoteColour.Green);
        await Canvas.DeleteNoteAsync(Owner, workspace.Id, dropped.Id);

        var notes = (await Channels.CanvasNotesAsync(Owner, workspace.Id))!;
        var created = await Channels.CreateAsync(Owner, workspace.Id, ChannelInput.FromNote(Assert.Single(notes)));
        var twice = await Assert.ThrowsAsync<InputRejectedException>(() => Channels.CreateAsync(Owner, workspace.Id, ChannelInput.FromNote(notes[0])));
        var refusals = new List<string>();
        foreach (var note in new[] { segment.Id, foreign.Id, dropped.Id, Guid.NewGuid() })
        {
            var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Channels.CreateAsync(Owner, workspace.Id, ChannelOf("Fair") with { CanvasNoteId = note }));
            refusals.Add($"{refused.Errors.Single().Field}:{refused.Errors.Single().MessageKey}");
        }

        // The channel keeps its own note through its saves; another channel may not take it.
        var other = await Channels.CreateAsync(Owner, workspace.Id, ChannelOf("Search ads"));
        var figures = await Channels.UpdateAsync(Owner, workspace.Id, created.Id, created.ToInput() with { MonthlyBudget = 800m, MonthlyReach = 400, ConversionPercent = 2.5 }, created.Version);
        var taken = await Assert.ThrowsAsync<InputRejectedException>(() => Channels.UpdateAsync(Owner, workspace.Id, other.Id, other.ToInput() with { CanvasNoteId = fair.Id }, other.Version));

        Assert.Equal(("Dental trade fair", fair.Id, ChannelKind.Other, (decimal?)null), (created.Name, created.CanvasNoteId, created.Kind, created.Cac));
        Assert.Equal("CanvasNoteId:Market.Error.NoteTaken", $"{twice.Errors.Single().Field}:{twice.Errors.Single().MessageKey}");
        Assert.All(refusals, r => Assert.Equal("CanvasNoteId:Market.Error.NotAChannelNote", r));
        // 400 visitors × 2.5 % = 10 customers; 800 USD ÷ 10 = 80 USD.
        Assert.Equal((10d, 80m, fair.Id), (figures.CustomersPerMonth, figures.Cac, figures.CanvasNoteId));
        Assert.Equal("CanvasNoteId:Market.Error.NoteTaken", $"{taken.Errors.Single().Field}:{taken.Errors.Single().MessageKey}");
        Assert.Equal(["Dental trade fair", "Search ads"], (await Channels.ListAsync(Owner, workspace.Id))!.Select(c => c.Name));
    }

    [Fact]
    public async Task Each_change_is_in_the_activity_log_and_tells_open_pages_on_the_customers_topic()
    {
        var workspace = await world.NewWorkspaceAsync();
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var persona = await Personas.CreateAsync(Owner, workspace.Id, PersonaOf("Vet"));
        var updated = await Personas.UpdateAsync(Owner, workspace.Id, persona.Id, PersonaOf("Rural vet"), persona.Version);
        var channel = await Channels.CreateAsync(Owner, workspace.Id, ChannelOf("Farm fair"));
        var changed = await Channels.UpdateAsync(Owner, workspace.Id, channel.Id, ChannelOf("Farm fairs"), channel.Version);
        await Channels.DeleteAsync(Owner, workspace.Id, channel.Id);
        await Personas.DeleteAsync(Owner, workspace.Id, persona.Id);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == MarketTopics.Customers) == 6);
        var market = changes.Where(c => c.Topic == MarketTopics.Customers).ToList();
        Assert.Equal([persona, updated], market.Take(2).Select(c => Assert.Single(Assert.IsType<ItemChanges<PersonaView>>(c.Changes).Upserted)));
        Assert.Equal([channel, changed], market.Skip(2).Take(2).Select(c => Assert.Single(Assert.IsType<ItemChanges<ChannelView>>(c.Changes).Upserted)));
        Assert.Equal(channel.Id, Assert.Single(Assert.IsType<ItemChanges<ChannelView>>(market[4].Changes).Removed));
        Assert.Equal(persona.Id, Assert.Single(Assert.IsType<ItemChanges<PersonaView>>(market[5].Changes).Removed));

        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        var mine = activity.Where(a => a.Kind.StartsWith("market.", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                ("market.persona.deleted", "Rural vet"), ("market.channel.deleted", "Farm fairs"), ("market.channel", "Farm fairs"), ("market.channel", "Farm fair"),
                ("market.persona", "Rural vet"), ("market.persona", "Vet"),
            ],
            mine.Select(a => (a.Kind, a.Subject)));
        Assert.All(mine, a => Assert.Equal($"/w/{workspace.Slug}/market", a.Link));
    }

    [Fact]
    public async Task A_workspace_holds_at_most_its_limit_of_personas_and_channels()
    {
        var workspace = await world.NewWorkspaceAsync();
        await using (var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.AddRange(Enumerable.Range(0, Portal.Features.Market.Persona.MaxPerWorkspace).Select(i => new Portal.Features.Market.Persona { WorkspaceId = workspace.Id, Name = $"P{i}" }));
            db.AddRange(Enumerable.Range(0, MarketChannel.MaxPerWorkspace).Select(i => new MarketChannel { WorkspaceId = workspace.Id, Name = $"C{i}", Position = i }));
            await db.SaveChangesAsync();
        }

        var persona = await Assert.ThrowsAsync<InputRejectedException>(() => Personas.CreateAsync(Owner, workspace.Id, PersonaOf("One too many")));
        var channel = await Assert.ThrowsAsync<InputRejectedException>(() => Channels.CreateAsync(Owner, workspace.Id, ChannelOf("One too many")));

        Assert.Equal(("Name", "Market.Error.TooManyPersonas", 30), (persona.Errors[0].Field, persona.Errors[0].MessageKey, (int)persona.Errors[0].Arguments[0]));
        Assert.Equal(("Name", "Market.Error.TooManyChannels", 30), (channel.Errors[0].Field, channel.Errors[0].MessageKey, (int)channel.Errors[0].Arguments[0]));
        Assert.Equal(30, (await Personas.ListAsync(Owner, workspace.Id))!.Count);
        Assert.Equal(30, (await Channels.ListAsync(Owner, workspace.Id))!.Count);
    }

    [Fact]
    public async Task The_dashboard_counts_personas_and_channels_and_the_plan_exports_them_escaped_with_each_cac()
    {
        var workspace = await world.NewWorkspaceAsync();
        var quiet = await world.NewWorkspaceAsync();
        var interview = await InterviewAsync(workspace.Id);
        await Personas.CreateAsync(Owner, workspace.Id, PersonaOf("Owner <b>Ada</b> [clinic]", interview.Id));
        await Personas.CreateAsync(Owner, workspace.Id, PersonaOf("Guessed | buyer"));
        await Channels.CreateAsync(Owner, workspace.Id, ChannelOf("Search | ads"));
        await Channels.CreateAsync(Owner, workspace.Id, ChannelOf("Blog", 1000m, 5_000, 0) with { Kind = ChannelKind.Content });

        var column = world.Services.GetServices<ICohortDashboardColumn>().OfType<MarketCountColumn>().Single();
        var cells = await column.GetAsync([workspace.Id, quiet.Id], CancellationToken.None);
        var section = world.Services.GetServices<IPlanSection>().OfType<MarketPlanSection>().Single();
        string markdown;
        var (culture, uiCulture) = (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = new("en");
        try
        {
            markdown = await section.ToMarkdownAsync(Owner, workspace.Id, CancellationToken.None);
        }
        finally
        {
            (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }

        Assert.Equal("2 · 2", cells[workspace.Id].Text);
        Assert.False(cells.ContainsKey(quiet.Id));
        Assert.Equal((26, "market"), (section.Order, section.Tool));
        Assert.StartsWith("## Customers and channels", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Owner &lt;b&gt;Ada&lt;/b&gt; \\[clinic\\]** (Small clinics) — Interviews behind it: 1", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Guessed \\| buyer** (Small clinics) — Assumption (no interview)", markdown, StringComparison.Ordinal);
        Assert.Contains("| Search \\| ads | Online | Ads | USD 3,000.00 | 20,000 | 1.5 % | 300 | USD 10.00 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Blog | Online | Content | USD 1,000.00 | 5,000 | 0 % | 0 | no customers, no CAC |", markdown, StringComparison.Ordinal);
        // 4,000 USD ÷ 300 customers.
        Assert.Contains("Blended CAC: USD 13.33", markdown, StringComparison.Ordinal);
        Assert.Contains("blended CAC = total budget ÷ total customers", markdown, StringComparison.Ordinal);
        Assert.Empty(await section.ToMarkdownAsync(world.Id(Persona.Stranger)!, workspace.Id, CancellationToken.None));
    }

    [Fact]
    public void A_change_reaches_other_nodes_whole()
    {
        var channel = new ChannelView(Guid.NewGuid(), "Trade show", ChannelReach.Offline, ChannelKind.TradeShows, 500m, 1000, 0.5, Guid.NewGuid(), 2, Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var change = new WorkspaceChange(Guid.NewGuid(), MarketTopics.Customers, channel.Id.ToString(), "ada", DateTimeOffset.UnixEpoch) { Changes = ItemChanges.Of(channel) };

        var read = Assert.Single(Assert.IsType<ItemChanges<ChannelView>>(WorkspaceChangeSerializer.FromWire(WorkspaceChangeSerializer.ToWire(change)).Changes).Upserted);

        Assert.Equal(channel, read);
        Assert.Equal(100m, read.Cac);
    }
}
