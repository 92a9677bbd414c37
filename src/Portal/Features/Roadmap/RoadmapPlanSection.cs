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
            markdown.Append("- ").Append(UserMarkdown.EscapeText(milestone.Title)).Append(" — ")
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
                markdown.Append("- ").Append(UserMarkdown.EscapeText(task.Title));
                if (task.AssigneeName is { } assignee)
                {
                    markdown.Append(" — ").Append(UserMarkdown.EscapeText(assignee));
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

    public static string Progress(MilestoneView milestone, IStringLocalizer<RoadmapText> text) =>
        text["Roadmap.Progress", Math.Round(milestone.Progress * 100).ToString(CultureInfo.CurrentCulture), milestone.TasksDone, milestone.TasksTotal];
}
