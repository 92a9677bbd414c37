using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.ModelLab;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.ModelLab;

public sealed class LabDatasetTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    private TrainingService Lab => world.Services.GetRequiredService<TrainingService>();

    private string Owner => world.Id(Persona.Owner)!;

    [Fact]
    public async Task An_uploaded_csv_is_checked_kept_for_its_workspace_and_trained_on()
    {
        var workspace = await world.NewWorkspaceAsync();
        var other = await world.NewWorkspaceAsync();

        var dataset = await Lab.UploadDatasetAsync(Owner, workspace.Id, "Sketches", [("sketches.csv", Csv(200))]);
        var listed = (await Lab.DatasetsAsync(Owner, workspace.Id))!;
        var runId = await Lab.EnqueueAsync(Owner, workspace.Id, TrainingServiceTests.ShortRun with
        {
            DatasetKey = dataset.Key,
            MaxTrainingImages = null,
            Options = TrainingServiceTests.ShortRun.Options with { BatchSize = 20 },
        });
        var run = await TrainingServiceTests.WaitForAsync(Lab, Owner, workspace.Id, runId, RunStatus.Completed);
        var evaluation = (await Lab.EvaluationAsync(Owner, workspace.Id, runId))!;

        Assert.Equal((170, 30), (dataset.TrainCount, dataset.TestCount));
        Assert.Contains(listed, d => d.Key == dataset.Key && d.Name == "Sketches");
        Assert.DoesNotContain((await Lab.DatasetsAsync(Owner, other.Id))!, d => d.Key == dataset.Key);
        Assert.Equal(153, run.TrainSamples);
        Assert.Equal(30, evaluation.Result.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.Equal("9", evaluation.ClassNames[9]);
        // Another workspace cannot train on it.
        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => Lab.EnqueueAsync(Owner, other.Id, TrainingServiceTests.ShortRun with { DatasetKey = dataset.Key }));
        Assert.Contains(refused.Errors, e => e.Field == "Dataset");
    }

    [Theory]
    [InlineData("bad label", "the label")]
    [InlineData("too few", "at least 100")]
    [InlineData("wrong files", "UploadFiles")]
    public async Task A_bad_upload_is_refused_with_its_reason_and_nothing_is_kept(string problem, string expected)
    {
        var workspace = await world.NewWorkspaceAsync();
        var uploads = Path.Combine(world.DataDirectory, "lab", "datasets");
        var foldersBefore = Directory.Exists(uploads) ? Directory.GetDirectories(uploads).Length : 0;
        IReadOnlyList<(string, Stream)> files = problem switch
        {
            "bad label" => [("data.csv", new MemoryStream(Encoding.UTF8.GetBytes("12," + string.Join(',', Enumerable.Repeat("0", 784)) + "\n")))],
            "too few" => [("data.csv", Csv(40))],
            _ => [("a.csv", Csv(200)), ("b.csv", Csv(200)), ("c.csv", Csv(200))],
        };

        var error = Assert.Single((await Assert.ThrowsAsync<InputRejectedException>(() => Lab.UploadDatasetAsync(Owner, workspace.Id, "Broken", files))).Errors);

        Assert.Contains(expected, error.MessageKey + " " + string.Join(' ', error.Arguments), StringComparison.Ordinal);
        Assert.Single((await Lab.DatasetsAsync(Owner, workspace.Id))!);
        Assert.Equal(foldersBefore, Directory.Exists(uploads) ? Directory.GetDirectories(uploads).Length : 0);
    }

    [Fact]
    public async Task A_viewer_cannot_upload_and_a_stranger_cannot_download_an_export()
    {
        var workspace = await world.NewWorkspaceAsync();

        Assert.Equal("denied", await AccessOutcome.OfAsync(() => Lab.UploadDatasetAsync(world.Id(Persona.Viewer)!, workspace.Id, "Mine", [("x.csv", Csv(200))])));
        Assert.Equal("not found", await AccessOutcome.OfAsync(() => Lab.UploadDatasetAsync(world.Id(Persona.Stranger)!, workspace.Id, "Mine", [("x.csv", Csv(200))])));
        using var anonymous = world.CreateBrowserClient();
        var response = await anonymous.GetAsync($"/w/{workspace.Slug}/lab/runs/{Guid.NewGuid()}/spec.json");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>A CSV of <paramref name="count"/> images whose label is drawn in their brightness, so a model can learn it.</summary>
    private static MemoryStream Csv(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var label = i % 10;
            var pixel = (label * 25).ToString(CultureInfo.InvariantCulture);
            text.Append(label).Append(',').AppendJoin(',', Enumerable.Repeat(pixel, 784)).Append('\n');
        }

        return new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
