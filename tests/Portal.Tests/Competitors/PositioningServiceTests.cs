using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Competitors;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Competitors;

public sealed class PositioningServiceTests(WorkspaceWorld world) : PositioningServiceChecks<WorkspaceWorld>(world);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class PositioningServiceTestsOnPostgres(PostgresWorkspaceWorld world) : PositioningServiceChecks<PostgresWorkspaceWorld>(world);

public abstract class PositioningServiceChecks<TWorld>(TWorld world) : IClassFixture<TWorld>
    where TWorld : WorkspaceWorld
{
    private static readonly PositioningMapInput PriceQuality = new("Price vs quality", "Price", "Model quality");

    private PositioningService Positioning => world.Services.GetRequiredService<PositioningService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Theory]
    [MemberData(nameof(AccessExpectations.Editors), MemberType = typeof(AccessExpectations))]
    public async Task Every_change_is_for_owners_and_editors_and_reading_for_members_and_the_cohort_s_instructor(Persona persona, bool allowed)
    {
        var workspace = await world.NewWorkspaceAsync();
        var user = world.Id(persona) ?? "";
        var (a, b, c) = (await CompanyAsync(workspace.Id, "Alpha"), await CompanyAsync(workspace.Id, "Beta"), await CompanyAsync(workspace.Id, "Gamma"));
        var toRename = await Positioning.CreateMapAsync(Owner, workspace.Id, PriceQuality);
        var toDelete = await Positioning.CreateMapAsync(Owner, workspace.Id, new("To delete", "Breadth", "Depth"));
        var moved = await Positioning.PlaceAsync(Owner, workspace.Id, toRename.Id, new(b, 1, 1), null);
        moved = await Positioning.PlaceAsync(Owner, workspace.Id, toRename.Id, new(c, 2, 2), null);

        var outcomes = new[]
        {
            await AccessOutcome.OfAsync(() => Positioning.CreateMapAsync(user, workspace.Id, new("New", "Ease", "Control"))),
            await AccessOutcome.OfAsync(() => Positioning.RenameMapAsync(user, workspace.Id, toRename.Id, PriceQuality with { Name = "Renamed" }, toRename.Version)),
            await AccessOutcome.OfAsync(() => Positioning.PlaceAsync(user, workspace.Id, toRename.Id, new(a, 3, 4), null)),
            await AccessOutcome.OfAsync(() => Positioning.PlaceAsync(user, workspace.Id, toRename.Id, new(b, 5, 6), moved.PlacementOf(b)!.Version)),
            await AccessOutcome.OfAsync(() => Positioning.UnplaceAsync(user, workspace.Id, toRename.Id, c, moved.PlacementOf(c)!.Version)),
            await AccessOutcome.OfAsync(() => Positioning.DeleteMapAsync(user, workspace.Id, toDelete.Id)),
        };

        var expected = allowed ? "ok" : persona is Persona.Viewer or Persona.CohortInstructor ? "denied" : "not found";
        Assert.All(outcomes, outcome => Assert.Equal(expected, outcome));
        var board = (await Positioning.GetBoardAsync(Owner, workspace.Id))!;
        Assert.Equal(allowed ? ["Renamed", "New"] : ["Price vs quality", "To delete"], board.Maps.Select(m => m.Name));
        var placements = board.Maps[0].Placements.OrderBy(p => p.X).Select(p => (p.CompetitorId, p.X, p.Y));
        Assert.Equal(allowed ? [(a, 3d, 4d), (b, 5d, 6d)] : [(b, 1d, 1d), (c, 2d, 2d)], placements);

        var reads = persona is not (Persona.OtherInstructor or Persona.Stranger or Persona.Anonymous);
        Assert.Equal(reads, await Positioning.GetBoardAsync(world.Id(persona), workspace.Id) is { Maps.Count: 2, Companies.Count: 3 });
    }

    [Fact]
    public async Task A_stale_placement_is_refused_with_the_current_position_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var company = await CompanyAsync(workspace.Id, "Alpha");
        var map = await Positioning.CreateMapAsync(Owner, workspace.Id, PriceQuality);
        var placed = await Positioning.PlaceAsync(Owner, workspace.Id, map.Id, new(company, 2, 3), null);
        var read = placed.PlacementOf(company)!;
        var bos = await Positioning.PlaceAsync(world.Id(Persona.Editor)!, workspace.Id, map.Id, new(company, 7, 8), read.Version);

        var move = await Assert.ThrowsAsync<ConcurrencyConflictException<PositioningMapView>>(() =>
            Positioning.PlaceAsync(Owner, workspace.Id, map.Id, new(company, 1, 1), read.Version));
        var placeAgain = await Assert.ThrowsAsync<ConcurrencyConflictException<PositioningMapView>>(() =>
            Positioning.PlaceAsync(Owner, workspace.Id, map.Id, new(company, 1, 1), null));
        var unplace = await Assert.ThrowsAsync<ConcurrencyConflictException<PositioningMapView>>(() =>
            Positioning.UnplaceAsync(Owner, workspace.Id, map.Id, company, read.Version));

        var theirs = bos.PlacementOf(company)!;
        Assert.All([move, placeAgain, unplace], conflict => Assert.Equal(theirs, conflict.Current.PlacementOf(company)));
        Assert.Equal((7d, 8d), (theirs.X, theirs.Y));
        Assert.Equal(theirs, (await Positioning.GetBoardAsync(Owner, workspace.Id))!.Maps[0].PlacementOf(company));

        // Taken off meanwhile: a move of the old placement is refused with the map that no longer has it.
        await Positioning.UnplaceAsync(Owner, workspace.Id, map.Id, company, theirs.Version);
        var gone = await Assert.ThrowsAsync<ConcurrencyConflictException<PositioningMapView>>(() =>
            Positioning.PlaceAsync(world.Id(Persona.Editor)!, workspace.Id, map.Id, new(company, 5, 5), theirs.Version));
        Assert.Null(gone.Current.PlacementOf(company));
    }

    [Fact]
    public async Task A_stale_rename_is_refused_with_the_current_map_and_placements_never_conflict_with_a_rename()
    {
        var workspace = await world.NewWorkspaceAsync();
        var company = await CompanyAsync(workspace.Id, "Alpha");
        var map = await Positioning.CreateMapAsync(Owner, workspace.Id, PriceQuality);
        var renamed = await Positioning.RenameMapAsync(world.Id(Persona.Editor)!, workspace.Id, map.Id, PriceQuality with { Name = "By Bo" }, map.Version);
        var placed = await Positioning.PlaceAsync(Owner, workspace.Id, map.Id, new(company, 4, 4), null);

        var refused = await Assert.ThrowsAsync<ConcurrencyConflictException<PositioningMapView>>(() =>
            Positioning.RenameMapAsync(Owner, workspace.Id, map.Id, PriceQuality with { Name = "By Ada" }, map.Version));

        Assert.Equal(("By Bo", renamed.Version), (refused.Current.Name, refused.Current.Version));
        Assert.Equal(renamed.Version, placed.Version);
        Assert.Equal("By Bo", (await Positioning.GetBoardAsync(Owner, workspace.Id))!.Maps[0].Name);
    }

    [Fact]
    public async Task Invalid_maps_and_placements_are_refused_field_by_field_and_nothing_is_saved()
    {
        var workspace = await world.NewWorkspaceAsync();
        var elsewhere = await world.NewWorkspaceAsync();
        var company = await CompanyAsync(workspace.Id, "Alpha");
        var foreign = await CompanyAsync(elsewhere.Id, "Elsewhere Inc");
        var map = await Positioning.CreateMapAsync(Owner, workspace.Id, PriceQuality);
        var foreignMap = await Positioning.CreateMapAsync(Owner, elsewhere.Id, PriceQuality);

        var refusals = new[]
        {
            await RefusalAsync(() => Positioning.CreateMapAsync(Owner, workspace.Id, new(" ", new string('x', PositioningMap.AxisMaxLength + 1), ""))),
            await RefusalAsync(() => Positioning.CreateMapAsync(Owner, workspace.Id, new("price VS quality", "Price", "price "))),
            await RefusalAsync(() => Positioning.PlaceAsync(Owner, workspace.Id, map.Id, new(company, 10.05, -0.5), null)),
            await RefusalAsync(() => Positioning.PlaceAsync(Owner, workspace.Id, map.Id, new(company, double.NaN, double.PositiveInfinity), null)),
            await RefusalAsync(() => Positioning.PlaceAsync(Owner, workspace.Id, map.Id, new(Guid.NewGuid(), 5, 5), null)),
            await RefusalAsync(() => Positioning.PlaceAsync(Owner, workspace.Id, map.Id, new(foreign, 5, 5), null)),
            await RefusalAsync(() => Positioning.PlaceAsync(Owner, workspace.Id, foreignMap.Id, new(company, 5, 5), null)),
            await RefusalAsync(() => Positioning.RenameMapAsync(Owner, workspace.Id, foreignMap.Id, PriceQuality, foreignMap.Version)),
            await RefusalAsync(() => Positioning.DeleteMapAsync(Owner, workspace.Id, foreignMap.Id)),
        };

        Assert.Equal(
            [
                "Name:Validation.RequiredField XAxis:Validation.TooLong YAxis:Validation.RequiredField",
                "Name:Positioning.Error.DuplicateName YAxis:Positioning.Error.SameAxes",
                "X:Positioning.Error.Range Y:Positioning.Error.Range",
                "X:Positioning.Error.Range Y:Positioning.Error.Range",
                "CompetitorId:Positioning.Error.NoCompany",
                "CompetitorId:Positioning.Error.NoCompany",
                "Map:Positioning.Error.NoMap",
                "Map:Positioning.Error.NoMap",
                "Map:Positioning.Error.NoMap",
            ],
            refusals);
        var board = (await Positioning.GetBoardAsync(Owner, workspace.Id))!;
        var stored = Assert.Single(board.Maps);
        Assert.Equal((map.Id, map.Name, map.Version), (stored.Id, stored.Name, stored.Version));
        Assert.Empty(stored.Placements);
        Assert.Equal("Price vs quality", Assert.Single((await Positioning.GetBoardAsync(Owner, elsewhere.Id))!.Maps).Name);
    }

    [Fact]
    public async Task Values_are_kept_to_one_decimal_and_the_edges_of_the_axes_are_allowed()
    {
        var workspace = await world.NewWorkspaceAsync();
        var (a, b) = (await CompanyAsync(workspace.Id, "Alpha"), await CompanyAsync(workspace.Id, "Beta"));
        var map = await Positioning.CreateMapAsync(Owner, workspace.Id, new("  Spaced  ", " Price ", " Quality "));

        await Positioning.PlaceAsync(Owner, workspace.Id, map.Id, new(a, 3.14159, 6.66), null);
        var placed = await Positioning.PlaceAsync(Owner, workspace.Id, map.Id, new(b, 0, 10), null);

        Assert.Equal(("Spaced", "Price", "Quality"), (map.Name, map.XAxis, map.YAxis));
        Assert.Equal((3.1, 6.7), (placed.PlacementOf(a)!.X, placed.PlacementOf(a)!.Y));
        Assert.Equal((0d, 10d), (placed.PlacementOf(b)!.X, placed.PlacementOf(b)!.Y));
    }

    [Fact]
    public async Task A_workspace_holds_at_most_ten_maps()
    {
        var workspace = await world.NewWorkspaceAsync();
        for (var i = 0; i < PositioningMap.MaxPerWorkspace; i++)
        {
            await Positioning.CreateMapAsync(Owner, workspace.Id, new($"Map {i}", "Price", "Quality"));
        }

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Positioning.CreateMapAsync(Owner, workspace.Id, new("One too many", "Price", "Quality")));

        Assert.Equal(("Name", "Positioning.Error.TooMany", 10), (refused.Errors[0].Field, refused.Errors[0].MessageKey, (int)refused.Errors[0].Arguments[0]));
        var maps = (await Positioning.GetBoardAsync(Owner, workspace.Id))!.Maps;
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"Map {i}")], maps.Select(m => m.Name));
    }

    [Fact]
    public async Task The_board_lists_the_own_company_first_and_a_deleted_company_leaves_every_map()
    {
        var workspace = await world.NewWorkspaceAsync();
        var rival = await CompanyAsync(workspace.Id, "Rival", position: 0);
        var own = await CompanyAsync(workspace.Id, "Us", position: 1, own: true);
        var map = await Positioning.CreateMapAsync(Owner, workspace.Id, PriceQuality);
        await Positioning.PlaceAsync(Owner, workspace.Id, map.Id, new(rival, 1, 1), null);
        await Positioning.PlaceAsync(Owner, workspace.Id, map.Id, new(own, 9, 9), null);

        var before = (await Positioning.GetBoardAsync(Owner, workspace.Id))!;
        await using (var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.Set<Competitor>().Where(c => c.Id == rival).ExecuteDeleteAsync();
        }

        var after = (await Positioning.GetBoardAsync(Owner, workspace.Id))!;
        Assert.Equal([("Us", true), ("Rival", false)], before.Companies.Select(c => (c.Name, c.IsOwnCompany)));
        Assert.Equal(2, before.Maps[0].Placements.Count);
        Assert.Equal(own, Assert.Single(after.Maps[0].Placements).CompetitorId);
    }

    [Fact]
    public async Task Each_change_is_in_the_activity_log_and_tells_open_pages_the_map_with_its_placements_or_the_id_removed()
    {
        var workspace = await world.NewWorkspaceAsync();
        var company = await CompanyAsync(workspace.Id, "Alpha");
        var changes = new List<WorkspaceChange>();
        using var recording = world.RecordChanges(workspace.Id, changes);

        var map = await Positioning.CreateMapAsync(Owner, workspace.Id, PriceQuality);
        var renamed = await Positioning.RenameMapAsync(Owner, workspace.Id, map.Id, PriceQuality with { Name = "Price and quality" }, map.Version);
        var placed = await Positioning.PlaceAsync(Owner, workspace.Id, map.Id, new(company, 2, 8), null);
        var moved = await Positioning.PlaceAsync(Owner, workspace.Id, map.Id, new(company, 3, 8), placed.PlacementOf(company)!.Version);
        var unplaced = await Positioning.UnplaceAsync(Owner, workspace.Id, map.Id, company, moved.PlacementOf(company)!.Version);
        await Positioning.DeleteMapAsync(Owner, workspace.Id, map.Id);

        await WorkspaceWorld.WaitForChangesAsync(changes, seen => seen.Count(c => c.Topic == CompetitorTopics.Maps) == 6);
        var carried = changes.Where(c => c.Topic == CompetitorTopics.Maps).Select(c => Assert.IsType<ItemChanges<PositioningMapView>>(c.Changes)).ToList();
        Assert.Equal([map, renamed, placed, moved, unplaced], carried.Take(5).Select(c => Assert.Single(c.Upserted)));
        Assert.Equal(map.Id, Assert.Single(carried[5].Removed));
        Assert.Equal((3d, 8d), (moved.PlacementOf(company)!.X, moved.PlacementOf(company)!.Y));
        Assert.Empty(unplaced.Placements);

        var activity = await world.Services.GetRequiredService<ActivityService>().ListAsync(Owner, workspace.Id);
        Assert.Equal(
            [
                ("positioning.deleted", "Price and quality"), ("positioning.unplaced", "Alpha · Price and quality"), ("positioning.moved", "Alpha · Price and quality"),
                ("positioning.placed", "Alpha · Price and quality"), ("positioning.renamed", "Price and quality"), ("positioning.created", "Price vs quality"),
            ],
            activity.Where(a => a.Kind.StartsWith("positioning.", StringComparison.Ordinal)).Select(a => (a.Kind, a.Subject)));
        Assert.All(activity.Where(a => a.Kind.StartsWith("positioning.", StringComparison.Ordinal)), a => Assert.Equal($"/w/{workspace.Slug}/competitors", a.Link));
    }

    private async Task<Guid> CompanyAsync(Guid workspaceId, string name, int position = 0, bool own = false)
    {
        await using var db = await world.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var company = new Competitor { WorkspaceId = workspaceId, Name = name, Position = position, IsOwnCompany = own, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        db.Add(company);
        await db.SaveChangesAsync();
        return company.Id;
    }

    private static async Task<string> RefusalAsync(Func<Task> change)
    {
        var refused = await Assert.ThrowsAsync<InputRejectedException>(change);
        return string.Join(" ", refused.Errors.Select(e => $"{e.Field}:{e.MessageKey}"));
    }
}
