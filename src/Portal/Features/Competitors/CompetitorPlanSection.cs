using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Features.Plan;
using Portal.Infrastructure;

namespace Portal.Features.Competitors;

/// <summary>The companies, the competitive strategy and how far the matrix and the maps have come, as the plan holds them.</summary>
public sealed record CompetitorPlan(
    IReadOnlyList<CompanyView> Companies,
    StrategyView Strategy,
    IReadOnlyList<CanvasNoteOption> ValuePropositions,
    int MatrixRows,
    int Maps);

/// <summary>The competitors on the assembled plan and in its Markdown export: the companies as a table, the strategy, and the matrix's and maps' size.</summary>
public sealed class CompetitorPlanSection(CompetitorService competitors, IDbContextFactory<PortalDbContext> contextFactory, IStringLocalizer<CompetitorText> text) : IPlanSection
{
    private static readonly string[] Columns = ["Name", "Segment", "Pricing", "FundingStage", "Strengths", "Weaknesses"];

    public int Order => 28;

    public string Tool => "competitors";

    public Type Component => typeof(CompetitorPlanSectionView);

    /// <summary>Everything the section shows; null for someone who may not read the workspace.</summary>
    public async Task<CompetitorPlan?> GetAsync(string userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        if (await competitors.ListAsync(userId, workspaceId, cancellationToken) is not { } companies)
        {
            return null;
        }

        var strategy = await competitors.GetStrategyAsync(userId, workspaceId, cancellationToken) ?? StrategyView.None;
        var valuePropositions = await competitors.ValuePropositionsAsync(userId, workspaceId, cancellationToken) ?? [];
        // The matrix and the maps are the other parts' own; the plan only says how far they have come.
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<ComparisonRow>().CountAsync(r => r.WorkspaceId == workspaceId, cancellationToken);
        var maps = await db.Set<PositioningMap>().CountAsync(m => m.WorkspaceId == workspaceId, cancellationToken);
        return new CompetitorPlan(companies, strategy, [.. valuePropositions.Where(v => strategy.ValuePropositionIds.Contains(v.NoteId))], rows, maps);
    }

    public async Task<string> ToMarkdownAsync(string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        if (await GetAsync(userId, workspaceId, cancellationToken) is not { } plan)
        {
            return "";
        }

        var markdown = new StringBuilder().Append("## ").AppendLine(text["Competitor.Plan.Title"]).AppendLine();
        if (plan.Companies.Count == 0)
        {
            markdown.AppendLine(text["Competitor.Plan.None"]).AppendLine();
        }
        else
        {
            markdown.Append("| ").AppendJoin(" | ", Columns.Select(f => text[$"Competitor.Field.{f}"].Value)).AppendLine(" |")
                .AppendLine("| --- | --- | --- | --- | --- | --- |");
            foreach (var company in plan.Companies)
            {
                var name = UserMarkdown.EscapeTableCell(company.Name) + (company.IsOwnCompany ? $" ({text["Competitor.OwnChip"]})" : "");
                markdown.Append("| ").AppendJoin(" | ", new[]
                {
                    company.Website.Length > 0 ? $"{name} · {UserMarkdown.EscapeTableCell(company.Website)}" : name,
                    UserMarkdown.EscapeTableCell(company.Segment),
                    UserMarkdown.EscapeTableCell(company.Pricing),
                    company.FundingStage == FundingStage.Unknown ? "" : text[$"Competitor.Funding.{company.FundingStage}"].Value,
                    UserMarkdown.EscapeTableCell(company.Strengths),
                    UserMarkdown.EscapeTableCell(company.Weaknesses),
                }).AppendLine(" |");
            }

            markdown.AppendLine();
        }

        markdown.AppendLine(Figures(plan, text)).AppendLine().Append("### ").AppendLine(text["Competitor.Strategy"]).AppendLine();
        if (!plan.Strategy.Exists)
        {
            return markdown.AppendLine(text["Competitor.NoStrategy"]).ToString();
        }

        markdown.Append("**").Append(StrategyHeading(plan.Strategy, text)).AppendLine("**").AppendLine()
            .AppendLine(UserMarkdown.EscapeText(plan.Strategy.Statement));
        if (plan.ValuePropositions.Count > 0)
        {
            markdown.AppendLine().Append(text["Competitor.Field.ValuePropositionIds"]).AppendLine(":").AppendLine();
            foreach (var note in plan.ValuePropositions)
            {
                markdown.Append("- ").AppendLine(UserMarkdown.EscapeTableCell(note.Text));
            }
        }

        return markdown.ToString();
    }

    /// <summary>The strategy's kind, with its segment for a focus.</summary>
    public static string StrategyHeading(StrategyView strategy, IStringLocalizer<CompetitorText> text) =>
        strategy.Kind == CompetitiveStrategyKind.Focus
            ? text["Competitor.Plan.FocusOn", text["Competitor.Kind.Focus"], UserMarkdown.EscapeText(strategy.FocusSegment)]
            : text[$"Competitor.Kind.{strategy.Kind}"];

    /// <summary>How many competitors, matrix rows and maps: the plan's one line about the analysis around the table.</summary>
    public static string Figures(CompetitorPlan plan, IStringLocalizer<CompetitorText> text) =>
        text["Competitor.Plan.Figures", plan.Companies.Count(c => !c.IsOwnCompany).ToString(CultureInfo.CurrentCulture), plan.MatrixRows.ToString(CultureInfo.CurrentCulture), plan.Maps.ToString(CultureInfo.CurrentCulture)];
}
