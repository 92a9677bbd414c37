using System.Globalization;
using Bunit;
using Portal.Features.Roadmap;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class RoadmapBoardComponentTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);
    private static readonly Guid Pilot = Guid.NewGuid();

    private static RoadmapTaskView Task(string title, RoadmapTaskStatus status, int position, DateOnly? due = null, string? assignee = null, Guid? milestone = null) =>
        new(Guid.NewGuid(), title, "", assignee, assignee is null ? null : $"{assignee} Name", null, due, null, status, position, milestone, null, null, null, null, null, Guid.NewGuid(), DateTimeOffset.UnixEpoch);

    private static List<TaskCard> Cards() =>
    [
        new(Task("Call ten mills", RoadmapTaskStatus.ToDo, 0, Today.AddDays(-1), "ada", Pilot)),
        new(Task("Price the pilot", RoadmapTaskStatus.ToDo, 1, Today, "bo")),
        new(Task("Label 500 images", RoadmapTaskStatus.Doing, 0, Today.AddDays(-3), "ada")),
        new(Task("Sign the NDA", RoadmapTaskStatus.Blocked, 0, Today.AddDays(5))),
        new(Task("Write the pitch", RoadmapTaskStatus.Done, 0, Today.AddDays(-10), "bo", Pilot)),
    ];

    [Fact]
    public async Task Each_card_is_in_its_column_and_only_open_tasks_due_before_today_are_marked_overdue()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        await using var context = PortalComponentTestContext.Create(out _);

        var board = context.Render<RoadmapBoard>(parameters => parameters
            .Add(p => p.Cards, Cards()).Add(p => p.Today, Today).Add(p => p.CanEdit, true)
            .Add(p => p.Milestones, [new MilestoneView(Pilot, "Pilot", Today, "", [], 1, 2, 0.5, null, Guid.NewGuid(), DateTimeOffset.UnixEpoch)]));

        Assert.Equal(["Call ten mills", "Price the pilot"], Titles(board, "ToDo"));
        Assert.Equal(["Label 500 images"], Titles(board, "Doing"));
        Assert.Equal(["Sign the NDA"], Titles(board, "Blocked"));
        Assert.Equal(["Write the pitch"], Titles(board, "Done"));
        Assert.Equal(["To do", "Doing", "Blocked", "Done"], board.FindAll("section h2").Select(h => h.TextContent));
        // Due yesterday and three days ago and not done; due today is not late, and a done task never is.
        Assert.Equal(
            ["Call ten mills", "Label 500 images"],
            board.FindAll("[data-testid=roadmap-card]").Where(c => c.QuerySelector("[data-testid=roadmap-overdue]") is not null).Select(c => c.QuerySelector("[data-testid=roadmap-card-open]")!.TextContent));
        Assert.Contains("Pilot", board.FindAll("[data-testid=roadmap-card]")[0].TextContent, StringComparison.Ordinal);
        Assert.Equal(5, board.FindAll("[data-testid=roadmap-move]").Count);
    }

    [Fact]
    public async Task A_filter_shows_only_the_assignee_s_or_the_milestone_s_cards_and_a_reader_gets_no_move_menu()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        await using var context = PortalComponentTestContext.Create(out _);
        var cards = Cards();

        var byAssignee = context.Render<RoadmapBoard>(parameters => parameters
            .Add(p => p.Cards, cards).Add(p => p.Today, Today).Add(p => p.CanEdit, false).Add(p => p.Shown, t => t.AssigneeId == "ada"));
        var byMilestone = context.Render<RoadmapBoard>(parameters => parameters
            .Add(p => p.Cards, cards).Add(p => p.Today, Today).Add(p => p.Shown, t => t.MilestoneId == Pilot));

        Assert.Equal(["Call ten mills", "Label 500 images"], byAssignee.FindAll("[data-testid=roadmap-card-open]").Select(c => c.TextContent));
        Assert.Equal(["1", "1", "0", "0"], byAssignee.FindAll("[data-testid=column-count]").Select(c => c.TextContent.Trim()));
        Assert.Empty(byAssignee.FindAll("[data-testid=roadmap-move]"));
        Assert.Equal(["Call ten mills", "Write the pitch"], byMilestone.FindAll("[data-testid=roadmap-card-open]").Select(c => c.TextContent));
    }

    [Fact]
    public void A_form_keeps_the_user_s_values_when_someone_else_saves_and_follows_a_move_on_the_board()
    {
        var task = Task("Call ten mills", RoadmapTaskStatus.ToDo, 0);
        var edit = TaskEdit.Of(task);
        edit.Description = "Start with the mills in Prato";

        var moved = task with { Status = RoadmapTaskStatus.Doing, Version = Guid.NewGuid() };
        Assert.Same(edit, edit.Apply(moved));
        Assert.Equal((RoadmapTaskStatus.Doing, "Start with the mills in Prato", (RoadmapTaskView?)null), (edit.Status, edit.Description, edit.Theirs));

        var renamed = moved with { Title = "Call twelve mills", Version = Guid.NewGuid() };
        Assert.Same(edit, edit.Apply(renamed));
        Assert.Equal(("Call ten mills", "Start with the mills in Prato", renamed), (edit.Title, edit.Description, edit.Theirs));
    }

    private static List<string> Titles(IRenderedComponent<RoadmapBoard> board, string column) =>
        [.. board.FindAll($"[data-testid=column-{column}] [data-testid=roadmap-card-open]").Select(c => c.TextContent)];
}
