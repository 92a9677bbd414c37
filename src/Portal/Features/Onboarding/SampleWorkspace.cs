using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Content;
using Portal.Features.Canvas;
using Portal.Features.Kpis;
using Portal.Features.Risks;
using Portal.Features.Workspaces;

namespace Portal.Features.Onboarding;

/// <summary>
/// A filled-in workspace a new founder can create to look around: a canvas with every block, two SMART KPIs with
/// measurements and a few risks, from a committed file in the reader's language. It is an ordinary workspace the
/// user owns (edit it, archive it); only its name says it is a sample. Everything goes through the tools' own
/// services, so the sample obeys the same rules as the user's own data.
/// </summary>
public sealed class SampleWorkspace(WorkspaceService workspaces, WorkspaceSlugs slugs, CanvasService canvas, KpiService kpis, RiskService risks, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<WorkspaceDetails> CreateAsync(string userId, string language, CancellationToken cancellationToken = default)
    {
        var sample = Load(GuideLanguages.Normalize(language) ?? GuideLanguages.Chinese);
        var slug = await slugs.SuggestAsync(sample.Slug, WorkspaceSlugs.RandomFallback(), cancellationToken);
        var workspace = await workspaces.CreateAsync(userId, new WorkspaceInput(sample.Name, sample.Pitch, sample.Stage, sample.Industry), slug, cancellationToken);
        var notes = sample.Canvas.Select(n => new CanvasDocumentNote(null, n.Block, n.Text, NoteColourFor(n.Block)));
        await canvas.ImportAsync(userId, workspace.Id, CanvasDocument.From(notes).ToJson(), cancellationToken);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var start = today.AddDays(-60);
        foreach (var kpi in sample.Kpis)
        {
            var created = await kpis.CreateAsync(
                userId,
                workspace.Id,
                new KpiInput(kpi.Name, kpi.Unit, kpi.Baseline, kpi.Target, kpi.Direction, start, today.AddDays(120), kpi.Specific, kpi.Measurable, kpi.Achievable, kpi.Relevant, kpi.Block, null, userId),
                cancellationToken);
            // Measurements a month apart, the last one today, so the chart shows a path toward the target.
            for (var i = 0; i < kpi.Measurements.Count; i++)
            {
                await kpis.AddMeasurementAsync(userId, workspace.Id, created.Id, start.AddDays(30 * i), kpi.Measurements[i], cancellationToken);
            }
        }

        foreach (var risk in sample.Risks)
        {
            await risks.CreateAsync(
                userId,
                workspace.Id,
                new RiskInput(risk.Category, risk.Title, "", risk.Likelihood, risk.Impact, userId, risk.Mitigation, today.AddDays(30), RiskStatus.Open, Math.Max(1, risk.Likelihood - 1), risk.Impact),
                cancellationToken);
        }

        return workspace;
    }

    internal static SampleData Load(string language)
    {
        using var stream = typeof(SampleWorkspace).Assembly.GetManifestResourceStream($"Portal.Samples.sample.{language}.json")
            ?? throw new InvalidOperationException($"The sample workspace for '{language}' is missing from the build.");
        return JsonSerializer.Deserialize<SampleData>(stream, Json) ?? throw new InvalidOperationException("The sample workspace file is empty.");
    }

    // Colours by the canvas's halves: the customer side warm, the business side cool, as teams often pin them.
    private static NoteColour NoteColourFor(CanvasBlock block) => block switch
    {
        CanvasBlock.KeyPartners or CanvasBlock.KeyActivities or CanvasBlock.KeyResources or CanvasBlock.CostStructure => NoteColour.Blue,
        CanvasBlock.ValuePropositions => NoteColour.Yellow,
        _ => NoteColour.Orange,
    };

    internal sealed record SampleData(
        string Name, string Slug, string Pitch, string Industry, WorkspaceStage Stage,
        IReadOnlyList<SampleNote> Canvas, IReadOnlyList<SampleKpi> Kpis, IReadOnlyList<SampleRisk> Risks);

    internal sealed record SampleNote(CanvasBlock Block, string Text);

    internal sealed record SampleKpi(
        string Name, string Unit, double Baseline, double Target, KpiDirection Direction,
        string Specific, string Measurable, string Achievable, string Relevant, CanvasBlock Block, IReadOnlyList<double> Measurements);

    internal sealed record SampleRisk(RiskCategory Category, string Title, int Likelihood, int Impact, string Mitigation);
}
