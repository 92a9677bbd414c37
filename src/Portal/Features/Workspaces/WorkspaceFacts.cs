namespace Portal.Features.Workspaces;

/// <summary>Short facts about a workspace on one line ("Idea · Retail"), leaving out the empty ones and their separators.</summary>
public static class WorkspaceFacts
{
    public const string Separator = " · ";

    public static string Line(params string?[] facts) =>
        string.Join(Separator, facts.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f!.Trim()));
}
