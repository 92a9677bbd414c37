namespace Portal.Features.Workspaces;

public enum WorkspaceAction
{
    Read,
    Comment,
    Create,
    Edit,
    Delete,
    Invite,
    Manage,
}

/// <summary>
/// What one user may do in one workspace. Members act by role; instructors of the workspace's cohort
/// read and comment; everyone else has no access object at all, so they learn nothing of it.
/// </summary>
public sealed record WorkspaceAccess(Guid WorkspaceId, string Slug, string Name, string UserId, WorkspaceRole? Role, bool IsCohortInstructor, bool IsArchived)
{
    public bool IsMember => Role is not null;

    public bool Can(WorkspaceAction action) => action switch
    {
        WorkspaceAction.Read => IsMember || IsCohortInstructor,
        WorkspaceAction.Comment => !IsArchived && (Role is WorkspaceRole.Owner or WorkspaceRole.Editor || IsCohortInstructor),
        WorkspaceAction.Create or WorkspaceAction.Edit or WorkspaceAction.Delete => !IsArchived && Role is WorkspaceRole.Owner or WorkspaceRole.Editor,
        WorkspaceAction.Invite => !IsArchived && Role is WorkspaceRole.Owner,
        // Archiving and restoring stay possible for the owner of an archived workspace.
        WorkspaceAction.Manage => Role is WorkspaceRole.Owner,
        _ => false,
    };

    /// <summary>Throws when the action is not allowed; services call this before every change.</summary>
    public void Demand(WorkspaceAction action)
    {
        if (!Can(action))
        {
            throw new WorkspaceAccessDeniedException(action);
        }
    }
}

/// <summary>A member or instructor tried something their role does not allow.</summary>
public sealed class WorkspaceAccessDeniedException(WorkspaceAction action)
    : InvalidOperationException($"Your role in this workspace does not allow: {action}.")
{
    public WorkspaceAction Action { get; } = action;
}
