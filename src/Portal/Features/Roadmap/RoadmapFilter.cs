namespace Portal.Features.Roadmap;

/// <summary>What the board's filters choose: everyone, nobody, or a member's id (a milestone's id).</summary>
public static class RoadmapFilter
{
    public const string All = "all";

    public const string Nobody = "none";

    public static bool Shows(RoadmapTaskView task, string assignee, string milestone) =>
        (assignee == All || (assignee == Nobody ? task.AssigneeId is null : task.AssigneeId == assignee))
        && (milestone == All || (milestone == Nobody ? task.MilestoneId is null : task.MilestoneId?.ToString() == milestone));
}
