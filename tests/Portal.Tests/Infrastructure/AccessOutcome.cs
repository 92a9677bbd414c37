using Portal.Features.Workspaces;

namespace Portal.Tests.Infrastructure;

/// <summary>What a service call did for one persona: "ok", "denied" (a member or instructor without the right) or "not found" (a stranger).</summary>
public static class AccessOutcome
{
    public static async Task<string> OfAsync(Func<Task> action)
    {
        try
        {
            await action();
            return "ok";
        }
        catch (WorkspaceAccessDeniedException)
        {
            return "denied";
        }
        catch (WorkspaceNotFoundException)
        {
            return "not found";
        }
    }
}
