using System.Text;
using Portal.Features.Roadmap;
using Portal.Features.Roadmap.Import;
using Portal.Infrastructure;

namespace Portal.Tests.Roadmap;

public sealed class TrelloBoardImportTests
{
    [Fact]
    public void A_board_export_gives_its_open_cards_as_tasks_with_each_list_mapped_by_its_name()
    {
        var preview = TrelloBoardImport.Read(RoadmapImportSamples.TrelloBoard);

        Assert.Equal(RoadmapImportPreview.Trello, preview.Format);
        Assert.Equal(
            [
                new ImportedTask("trello:c1", "Label 500 images", "For the baseline", "l1", null, new DateOnly(2026, 12, 20), null, "Owner", null),
                new ImportedTask("trello:c2", "Train the baseline", "", "l2", new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 10), null, "Grace Hopper", null),
                new ImportedTask("trello:c3", "Review the privacy notice", "", "l3", null, null, null, null, null),
                new ImportedTask("trello:c4", "Choose the cloud", "Done in November", "l4", null, null, null, null, null),
            ],
            preview.Tasks);
        Assert.Equal(
            [("l1", "To Do", (RoadmapTaskStatus?)RoadmapTaskStatus.ToDo, 1), ("l2", "进行中", RoadmapTaskStatus.Doing, 1), ("l3", "Waiting for review", null, 1), ("l4", "Done", RoadmapTaskStatus.Done, 1)],
            preview.Groups.Select(g => (g.Key, g.Name, g.Column, g.TaskCount)));
        Assert.Equal(2, preview.ArchivedSkipped);
        Assert.Equal("l3", Assert.Single(preview.Unmapped).Key);
        Assert.Equal(
            [("$.cards[6].name", "RoadmapImport.Json.NotText"), ("$.cards[7].idList", "RoadmapImport.Trello.NoList")],
            preview.Problems.Select(p => (p.Where, p.MessageKey)));
        Assert.Equal(["trello:c1", "trello:c2", "trello:c4"], preview.Mapped().Select(m => m.Task.Source));
    }

    [Fact]
    public void The_user_maps_an_unmapped_list_or_leaves_a_mapped_one_out_before_importing()
    {
        var preview = TrelloBoardImport.Read(RoadmapImportSamples.TrelloBoard)
            .WithColumn("l3", RoadmapTaskStatus.Blocked)
            .WithColumn("l4", null);

        Assert.Equal(
            [("trello:c1", RoadmapTaskStatus.ToDo), ("trello:c2", RoadmapTaskStatus.Doing), ("trello:c3", RoadmapTaskStatus.Blocked)],
            preview.Mapped().Select(m => (m.Task.Source, m.Column)));
        Assert.Equal("l4", Assert.Single(preview.Unmapped).Key);
    }

    [Theory]
    [InlineData("To Do", RoadmapTaskStatus.ToDo)]
    [InlineData("backlog", RoadmapTaskStatus.ToDo)]
    [InlineData("待办", RoadmapTaskStatus.ToDo)]
    [InlineData("Doing", RoadmapTaskStatus.Doing)]
    [InlineData("In  progress", RoadmapTaskStatus.Doing)]
    [InlineData("in-progress", RoadmapTaskStatus.Doing)]
    [InlineData("进行中", RoadmapTaskStatus.Doing)]
    [InlineData("BLOCKED", RoadmapTaskStatus.Blocked)]
    [InlineData("阻塞", RoadmapTaskStatus.Blocked)]
    [InlineData("Impediment", RoadmapTaskStatus.Blocked)]
    [InlineData("Done", RoadmapTaskStatus.Done)]
    [InlineData("完成", RoadmapTaskStatus.Done)]
    [InlineData("Resolved", RoadmapTaskStatus.Done)]
    [InlineData("Closed", RoadmapTaskStatus.Done)]
    [InlineData("Open", RoadmapTaskStatus.ToDo)]
    public void Column_names_are_known_in_english_and_chinese(string name, RoadmapTaskStatus column) =>
        Assert.Equal(column, RoadmapColumnNames.Guess(name));

    [Theory]
    [InlineData("Waiting for review")]
    [InlineData("")]
    [InlineData("Done soon")]
    public void Other_names_are_left_to_the_user(string name) => Assert.Null(RoadmapColumnNames.Guess(name));

    [Fact]
    public void A_truncated_file_is_refused_with_its_line_and_no_dotnet_type_names()
    {
        var text = RoadmapImportSamples.TrelloBoard[..(RoadmapImportSamples.TrelloBoard.Length / 2)];

        var refused = Assert.Throws<InputRejectedException>(() => TrelloBoardImport.Read(text));

        var error = Assert.Single(refused.Errors);
        Assert.Equal("RoadmapImport.Json.Syntax", error.MessageKey);
        Assert.InRange((long)error.Arguments[0], 2, 40);
        Assert.DoesNotContain("System.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_or_cards_of_the_wrong_kind_are_refused_by_their_json_path()
    {
        var cardsNotAList = Assert.Throws<InputRejectedException>(() => TrelloBoardImport.Read("""{ "lists": [], "cards": { "id": "c1" } }"""));
        var notABoard = Assert.Throws<InputRejectedException>(() => TrelloBoardImport.Read("""[ { "lists": [] } ]"""));

        Assert.Equal(("RoadmapImport.Json.NotArray", "$.cards"), (cardsNotAList.Errors[0].MessageKey, (string)cardsNotAList.Errors[0].Arguments[0]));
        Assert.Equal("RoadmapImport.Trello.NotABoard", Assert.Single(notABoard.Errors).MessageKey);
    }

    [Fact]
    public void Values_of_the_wrong_type_are_reported_by_path_and_the_card_left_out_while_the_others_are_kept()
    {
        const string board = """
            { "lists": [ { "id": "l1", "name": "Doing", "closed": "no" }, 7 ],
              "cards": [
                { "id": "c1", "name": "Good", "idList": "l1", "due": "next week" },
                { "id": 2, "name": "Id is a number", "idList": "l1" },
                { "id": "c3", "name": "Members not a list", "idList": "l1", "idMembers": "m1", "closed": 0 },
                "a card as text",
                { "id": "c5", "name": "   ", "idList": "l1" }
              ] }
            """;

        var preview = TrelloBoardImport.Read(board);

        Assert.Equal(["trello:c1", "trello:c3"], preview.Tasks.Select(t => t.Source));
        Assert.Null(preview.Tasks[0].DueOn);
        Assert.Equal(
            [
                ("$.lists[0].closed", "RoadmapImport.Json.NotBool"), ("$.lists[1]", "RoadmapImport.Json.NotObject"),
                ("$.cards[0].due", "RoadmapImport.Problem.BadDate"), ("$.cards[1].id", "RoadmapImport.Json.NotText"),
                ("$.cards[2].closed", "RoadmapImport.Json.NotBool"), ("$.cards[2].idMembers", "RoadmapImport.Json.NotArray"),
                ("$.cards[3]", "RoadmapImport.Json.NotObject"), ("$.cards[4].name", "RoadmapImport.Problem.NoTitle"),
            ],
            preview.Problems.Select(p => (p.Where, p.MessageKey)));
    }

    [Fact]
    public void Nesting_deeper_than_a_board_is_refused_before_it_is_read()
    {
        var deep = "{\"lists\":[],\"cards\":[" + new string('[', 5000) + new string(']', 5000) + "]}";

        var refused = Assert.Throws<InputRejectedException>(() => TrelloBoardImport.Read(deep));

        Assert.Equal(("RoadmapImport.Json.TooDeep", TrelloBoardImport.MaxDepth), (refused.Errors[0].MessageKey, (int)refused.Errors[0].Arguments[0]));
    }

    [Fact]
    public void Huge_texts_are_shortened_to_the_task_s_limits_and_reported_and_a_file_over_the_limit_is_refused_unread()
    {
        var name = new string('n', 10_000);
        var description = string.Concat(Enumerable.Repeat("描述", 5_000));
        var board = $$"""{ "lists": [ { "id": "l1", "name": "Done" } ], "cards": [ { "id": "c1", "name": "{{name}}", "desc": "{{description}}", "idList": "l1" } ] }""";

        var preview = TrelloBoardImport.Read(board);

        var task = Assert.Single(preview.Tasks);
        Assert.Equal((RoadmapTask.TitleMaxLength, RoadmapTask.DescriptionMaxLength), (task.Title.Length, task.Description.Length));
        Assert.Equal(["RoadmapImport.Problem.Shortened.title", "RoadmapImport.Problem.Shortened.description"], preview.Problems.Select(p => p.MessageKey));

        var endless = new EndlessStream();
        var tooLarge = Assert.Throws<InputRejectedException>(() => TrelloBoardImport.Read(endless));
        Assert.Equal("RoadmapImport.Error.TooLarge", Assert.Single(tooLarge.Errors).MessageKey);
        Assert.InRange(endless.Served, TrelloBoardImport.MaxBytes, TrelloBoardImport.MaxBytes + (128 * 1024));
    }

    [Fact]
    public void A_file_with_a_byte_order_mark_is_read()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(RoadmapImportSamples.TrelloBoard)).ToArray();

        var preview = TrelloBoardImport.Read(new MemoryStream(bytes));

        Assert.Equal(4, preview.Tasks.Count);
    }

    /// <summary>Never ends, and counts what it gave: a reader that stops at its limit asks for little more than the limit.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
