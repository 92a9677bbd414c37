namespace Portal.Features.Roadmap;

/// <summary>
/// One task as an open roadmap page holds it. The page keeps the same card for as long as it shows the task, so the
/// drop zone (which keys its items by their hash code) keeps the task's element while its values change.
/// </summary>
public sealed class TaskCard(RoadmapTaskView task)
{
    public RoadmapTaskView Task { get; set; } = task;
}
