using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Features.Cohorts;
using Portal.Features.Plan;
using Portal.Infrastructure;

namespace Portal.Features.ModelLab;

/// <summary>The finished runs on the assembled plan: the best model first, then every run's result.</summary>
public sealed class LabPlanSection(TrainingService lab, IStringLocalizer<LabText> text) : IPlanSection
{
    public int Order => 40;

    public string Tool => "lab";

    public Type Component => typeof(LabPlanSectionView);

    public async Task<string> ToMarkdownAsync(string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var done = (await lab.ListAsync(userId, workspaceId, cancellationToken) ?? []).Where(r => r.Status == RunStatus.Completed).ToList();
        var markdown = new StringBuilder().Append("## ").AppendLine(text["Plan.Title"]).AppendLine();
        if (Best(done) is not { } best)
        {
            return markdown.AppendLine(text["Plan.None"]).ToString();
        }

        markdown.AppendLine(Summary(text, best with { Name = UserMarkdown.EscapeText(best.Name) })).AppendLine()
            .Append("| ").Append(text["Plan.Column.Run"]).Append(" | ").Append(text["Runs.TestAccuracy"]).Append(" | ").Append(text["Layer.Parameters"])
            .Append(" | FLOPs | ").Append(text["Hyper.Epochs"]).AppendLine(" |")
            .AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var run in done)
        {
            markdown.Append("| ").Append(UserMarkdown.EscapeTableCell(run.Name)).Append(" | ").Append(LabFormat.Percent(run.TestAccuracy))
                .Append(" | ").Append(run.Parameters.ToString("N0", CultureInfo.CurrentCulture)).Append(" | ").Append(LabFormat.Flops(run.ForwardFlopsPerSample))
                .Append(" | ").Append(run.Epochs).AppendLine(" |");
        }

        return markdown.ToString();
    }

    public static RunSummary? Best(IEnumerable<RunSummary> runs) =>
        runs.Where(r => r.Status == RunStatus.Completed).MaxBy(r => r.TestAccuracy ?? 0);

    public static string Summary(IStringLocalizer<LabText> text, RunSummary best) =>
        text["Plan.Best", best.Name, LabFormat.Percent(best.TestAccuracy), best.Parameters.ToString("N0", CultureInfo.CurrentCulture), LabFormat.Flops(best.ForwardFlopsPerSample)];
}

/// <summary>The cohort dashboard's column: each team's best test accuracy so far.</summary>
public sealed class BestModelColumn(IDbContextFactory<Data.PortalDbContext> contextFactory) : ICohortDashboardColumn
{
    public string TitleKey => "Dashboard.BestModel";

    public int Order => 50;

    public async Task<IReadOnlyDictionary<Guid, DashboardCell>> GetAsync(IReadOnlyList<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var best = await db.Set<TrainingRun>().AsNoTracking()
            .Where(r => workspaceIds.Contains(r.WorkspaceId) && r.Status == RunStatus.Completed && r.TestAccuracy != null)
            .GroupBy(r => r.WorkspaceId)
            .Select(g => new { WorkspaceId = g.Key, Accuracy = g.Max(r => r.TestAccuracy!.Value), Runs = g.Count() })
            .ToListAsync(cancellationToken);
        return best.ToDictionary(b => b.WorkspaceId, b => new DashboardCell(b.Accuracy, $"{LabFormat.Percent(b.Accuracy)} ({b.Runs})"));
    }
}
