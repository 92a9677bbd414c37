using System.Text;
using CsCheck;
using Portal.Features.Roadmap;
using Portal.Features.Roadmap.Import;
using Portal.Infrastructure;

namespace Portal.Tests.Roadmap;

/// <summary>
/// Both importers, given arbitrary input: each answers with a preview or its validation error, never anything else, and
/// a preview keeps to the task's limits. CsCheck shrinks a failure to its smallest input and prints the seed.
/// </summary>
public sealed class RoadmapImportPropertyTests
{
    private const string Syntax = ",;\"'\r\n\t {}[]:/\\.-+=@#0123456789aAzZ日期\uFEFF\u0000\u202E";

    private static readonly Gen<string> SyntaxText =
        Gen.Int[0, Syntax.Length - 1].Select(i => Syntax[i]).Array[0, 400].Select(chars => new string(chars));

    private static readonly Gen<string> AnyText = Gen.Frequency((4, SyntaxText), (1, Gen.String));

    /// <summary>JSON-shaped text: a board's names, values and brackets in random order, sometimes after a real board's start.</summary>
    private static readonly Gen<string> BoardLike =
        Gen.Int[0, 19].Select(i => new[]
        {
            "{", "}", "[", "]", ",", ":", "\"lists\":", "\"cards\":", "\"members\":", "\"id\":", "\"name\":", "\"idList\":", "\"closed\":",
            "\"due\":", "\"idMembers\":", "\"l1\"", "true", "null", "12", "\"2026-12-05T00:00:00Z\"",
        }[i]).Array[0, 80].Select(AnyText, Gen.Bool, (parts, noise, prefixed) => (prefixed ? "{\"lists\":[{\"id\":\"l1\",\"name\":\"Done\"}],\"cards\":[" : "") + string.Concat(parts) + noise);

    /// <summary>CSV-shaped text: Jira's header, then rows of random cells.</summary>
    private static readonly Gen<string> JiraLike =
        Gen.Select(Gen.Bool, AnyText.Array[0, 10].Array[0, 8]).Select(t =>
            (t.Item1 ? "Summary,Issue key,Status,Due date,Original Estimate,Summary\r\n" : "") + string.Join("\r\n", t.Item2.Select(row => string.Join(',', row))));

    [Fact]
    public void A_trello_file_of_any_text_gives_a_preview_within_limits_or_a_validation_error() =>
        Gen.Frequency((3, BoardLike), (1, AnyText)).Sample(text => Check(() => TrelloBoardImport.Read(text)), iter: 3000);

    [Fact]
    public void A_jira_file_of_any_text_gives_a_preview_within_limits_or_a_validation_error() =>
        Gen.Frequency((3, JiraLike), (1, AnyText)).Sample(text => Check(() => JiraCsvImport.Read(text)), iter: 3000);

    [Fact]
    public void Any_bytes_as_either_file_give_a_preview_or_a_validation_error() =>
        Gen.Byte.Array[0, 3000].Sample(bytes =>
        {
            Check(() => TrelloBoardImport.Read(new MemoryStream(bytes)));
            Check(() => JiraCsvImport.Read(new MemoryStream(bytes)));
        }, iter: 1000);

    private static void Check(Func<RoadmapImportPreview> read)
    {
        RoadmapImportPreview preview;
        try
        {
            preview = read();
        }
        catch (InputRejectedException rejected)
        {
            Assert.NotEmpty(rejected.Errors);
            Assert.All(rejected.Errors, e => Assert.StartsWith("RoadmapImport.", e.MessageKey, StringComparison.Ordinal));
            return;
        }

        Assert.All(preview.Tasks, task =>
        {
            Assert.InRange(task.Title.Length, 1, RoadmapTask.TitleMaxLength);
            Assert.InRange(task.Description.Length, 0, RoadmapTask.DescriptionMaxLength);
            Assert.InRange(task.Source.Length, 6, RoadmapTask.SourceMaxLength);
            Assert.True(task.EstimateDays is null or (>= 0 and <= RoadmapTask.MaxEstimateDays));
            Assert.DoesNotContain('\0', task.Title + task.Description + task.Source);
            Assert.True(task.StartOn is null || task.DueOn is null || task.StartOn <= task.DueOn);
        });
        Assert.Equal(preview.Tasks.Count, preview.Tasks.Select(t => t.Source).Distinct().Count());
        Assert.Equal(preview.Tasks.Count, preview.Groups.Sum(g => g.TaskCount));
        Assert.All(preview.Problems, p => Assert.StartsWith("RoadmapImport.", p.MessageKey, StringComparison.Ordinal));
        // What a page shows of the file must be valid text to store and render.
        Assert.All(preview.Tasks, task => Assert.Equal(task.Title, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(task.Title))));
    }
}
