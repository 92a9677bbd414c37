using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Features.Plan;
using Portal.Infrastructure;

namespace Portal.Features.Roadmap;

/// <summary>The roadmap on the assembled plan and in its Markdown export: each milestone with its progress, then the open tasks by column.</summary>
public sealed class RoadmapPlanSection(RoadmapService roadmap, IStringLocalizer<RoadmapText> text) : IPlanSection
{
    public int Order => 40;

    public string Tool => "roadmap";

    public Type Component => typeof(RoadmapPlanSectionView);

    public async Task<string> ToMarkdownAsync(string userId, Guid workspaceId, CancellationToken cancellationToken)
    {
        if (await roadmap.GetAsync(userId, workspaceId, cancellationToken) is not { } view)
        {
            return "";
        }

        var markdown = new StringBuilder().Append("## ").AppendLine(text["Roadmap.Plan.Title"]).AppendLine();
        if (view.Milestones.Count == 0 && view.Tasks.Count == 0)
        {
            return markdown.AppendLine(text["Roadmap.Plan.None"]).ToString();
        }

        markdown.Append("### ").AppendLine(text["Roadmap.Milestones"]).AppendLine();
        foreach (var milestone in view.Milestones)
        {
            markdown.Append("- ").Append(Line(milestone.Title)).Append(" — ")
                .Append(milestone.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(" — ").Append(Progress(milestone, text));
            if (milestone.Reached)
            {
                markdown.Append(" — ").Append(text["Roadmap.Reached"]);
            }

            markdown.AppendLine();
        }

        if (view.Milestones.Count == 0)
        {
            markdown.AppendLine(text["Roadmap.NoMilestones"]);
        }

        foreach (var status in OpenStatuses)
        {
            var open = view.Tasks.Where(t => t.Status == status).ToList();
            markdown.AppendLine().Append("### ").Append(text[$"Roadmap.Status.{status}"]).Append(" (").Append(open.Count).AppendLine(")").AppendLine();
            foreach (var task in open)
            {
                markdown.Append("- ").Append(Line(task.Title));
                if (task.AssigneeName is { } assignee)
                {
                    markdown.Append(" — ").Append(Line(assignee));
                }

                if (task.DueOn is { } due)
                {
                    markdown.Append(" — ").Append(text["Roadmap.Plan.Due", due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
                }

                markdown.AppendLine();
            }
        }

        return markdown.ToString();
    }

    /// <summary>The columns of work not done yet, in board order.</summary>
    public static readonly IReadOnlyList<RoadmapTaskStatus> OpenStatuses = [RoadmapTaskStatus.ToDo, RoadmapTaskStatus.Doing, RoadmapTaskStatus.Blocked];

    /// <summary>User text on one line of a list: escaped, its line breaks made spaces so it cannot start a block.</summary>
    private static string Line(string text) => UserMarkdown.EscapeText(text).ReplaceLineEndings(" ");

    public static string Progress(MilestoneView milestone, IStringLocalizer<RoadmapText> text) =>
        text["Roadmap.Progress", Math.Round(milestone.Progress * 100).ToString(CultureInfo.CurrentCulture), milestone.TasksDone, milestone.TasksTotal];
}
