using System.Text;
using Portal.Features.Roadmap;
using Portal.Features.Roadmap.Import;
using Portal.Infrastructure;

namespace Portal.Tests.Roadmap;

public sealed class JiraCsvImportTests
{
    [Fact]
    public void An_issues_export_gives_its_rows_as_tasks_reading_the_first_of_repeated_columns()
    {
        var preview = JiraCsvImport.Read(RoadmapImportSamples.JiraCsv("ada@example.com"));

        Assert.Equal(RoadmapImportPreview.Jira, preview.Format);
        Assert.Equal(
            [
                new ImportedTask("jira:AI-1", "Train baseline model", "Start from the lab's CNN", "TO DO", null, new DateOnly(2026, 12, 5), 1, null, "ada@example.com"),
                new ImportedTask("jira:AI-2", "Collect field data", "Two sites,\nthen a third", "IN PROGRESS", null, new DateOnly(2026, 12, 20), 2, "Grace Hopper", null),
                new ImportedTask("jira:AI-3", "Fix GPU quota", "", "WAITING FOR VENDOR", null, null, null, null, null),
                new ImportedTask("jira:AI-4", "=HYPERLINK(\"http://evil\")", "", "DONE", null, null, null, null, null),
                new ImportedTask("jira:AI-7", "Wait for the data licence", "", "BLOCKED", null, new DateOnly(2026, 12, 31), null, null, null),
            ],
            preview.Tasks);
        Assert.Equal(
            [("TO DO", "To Do", (RoadmapTaskStatus?)RoadmapTaskStatus.ToDo, 1), ("IN PROGRESS", "In Progress", RoadmapTaskStatus.Doing, 1),
             ("WAITING FOR VENDOR", "Waiting for vendor", null, 1), ("DONE", "Done", RoadmapTaskStatus.Done, 1), ("BLOCKED", "Blocked", RoadmapTaskStatus.Blocked, 1)],
            preview.Groups.Select(g => (g.Key, g.Name, g.Column, g.TaskCount)));
        Assert.Equal(
            [("6", "RoadmapImport.Problem.BadDate"), ("6", "RoadmapImport.Problem.BadEstimate"), ("7", "RoadmapImport.Problem.NoTitle"), ("8", "RoadmapImport.Problem.Duplicate")],
            preview.Problems.Select(p => (p.Where, p.MessageKey)));
    }

    [Fact]
    public void An_unknown_status_is_reported_as_unmapped_and_the_user_can_map_it()
    {
        var preview = JiraCsvImport.Read(RoadmapImportSamples.JiraCsv("ada@example.com"));

        Assert.Equal("Waiting for vendor", Assert.Single(preview.Unmapped).Name);
        Assert.DoesNotContain(preview.Mapped(), m => m.Task.Source == "jira:AI-3");
        var mapped = preview.WithColumn("WAITING FOR VENDOR", RoadmapTaskStatus.Blocked);
        Assert.Empty(mapped.Unmapped);
        Assert.Contains(mapped.Mapped(), m => m is { Task.Source: "jira:AI-3", Column: RoadmapTaskStatus.Blocked });
    }

    [Theory]
    [InlineData("05/Dec/26 3:04 PM", 2026, 12, 5)]
    [InlineData("5/Jan/27 11:30 AM", 2027, 1, 5)]
    [InlineData("05/Dec/26", 2026, 12, 5)]
    [InlineData("05/Dec/2026 15:04", 2026, 12, 5)]
    [InlineData("2026-12-05", 2026, 12, 5)]
    [InlineData("2026-12-05 15:04", 2026, 12, 5)]
    [InlineData("2026-12-05T23:30:00.000+0800", 2026, 12, 5)]
    public void Dates_are_read_in_jira_s_common_formats(string text, int year, int month, int day)
    {
        var problems = new List<ImportProblem>();

        Assert.Equal(new DateOnly(year, month, day), JiraCsvImport.Date(text, "2", problems));
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n  \r\n")]
    public void A_blank_file_is_refused_as_empty(string text) =>
        Assert.Equal("RoadmapImport.Jira.Empty", Assert.Single(Assert.Throws<InputRejectedException>(() => JiraCsvImport.Read(text)).Errors).MessageKey);

    [Fact]
    public void A_binary_file_or_a_csv_without_jira_s_columns_is_refused_as_not_an_export()
    {
        var binary = new byte[4096];
        new Random(15).NextBytes(binary);

        var fromBinary = Assert.Throws<InputRejectedException>(() => JiraCsvImport.Read(new MemoryStream(binary)));
        var fromOther = Assert.Throws<InputRejectedException>(() => JiraCsvImport.Read("title,status\r\nA,Done\r\n"));

        Assert.All([fromBinary, fromOther], refused => Assert.Equal("RoadmapImport.Jira.NoHeader", Assert.Single(refused.Errors).MessageKey));
    }

    [Fact]
    public void A_file_over_the_limit_is_refused()
    {
        var text = "Summary,Issue key\r\n" + new string('x', JiraCsvImport.MaxBytes);

        Assert.Equal("RoadmapImport.Error.TooLarge", Assert.Single(Assert.Throws<InputRejectedException>(() => JiraCsvImport.Read(text)).Errors).MessageKey);
    }

    [Fact]
    public void Short_rows_long_texts_and_huge_estimates_are_kept_as_far_as_they_can_be()
    {
        var csv = new StringBuilder("Issue key,Summary,Status,Original Estimate,Description\r\n")
            .Append("AI-1,Only a title\r\n")
            .Append("AI-2,").Append('t', 300).Append(",Doing,").Append(366 * JiraCsvImport.SecondsPerDay).Append(",\"").Append('d', 5000).Append("\"\r\n")
            .ToString();

        var preview = JiraCsvImport.Read(csv);

        Assert.Equal(["Only a title", new string('t', RoadmapTask.TitleMaxLength)], preview.Tasks.Select(t => t.Title));
        Assert.Equal(("", (double?)null, RoadmapTask.DescriptionMaxLength), (preview.Tasks[0].GroupKey, preview.Tasks[1].EstimateDays, preview.Tasks[1].Description.Length));
        Assert.Equal(
            ["RoadmapImport.Problem.Shortened.title", "RoadmapImport.Problem.Shortened.description", "RoadmapImport.Problem.EstimateTooLarge"],
            preview.Problems.Select(p => p.MessageKey));
        Assert.Equal("3", Assert.Single(preview.Problems.Select(p => p.Where).Distinct()));
    }
}
