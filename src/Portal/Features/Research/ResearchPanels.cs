using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Research;

/// <summary>What the research panels share: list items, the rule that unsaved work is never dropped, and deleting.</summary>
internal static class ResearchPanels
{
    public static string ItemClass(bool selected) => selected ? "research-list-item selected" : "research-list-item";

    /// <summary>An interview in one line: date, method, role and segment.</summary>
    public static string Meta(InterviewView interview, IStringLocalizer<ResearchText> text) =>
        string.Join(" · ", new[]
        {
            interview.HeldOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            text[$"Research.Method.{interview.Method}"].Value,
            interview.Role,
            interview.Segment,
        }.Where(part => part.Length > 0));

    /// <summary>True (and says so) when the open form holds unsaved changes: the user saves or discards them first.</summary>
    public static bool KeepsUnsaved<TView, TInput>(ResearchDraft<TView, TInput>? draft, ISnackbar snackbar, IStringLocalizer<ResearchText> text)
        where TView : class
    {
        if (draft is { IsDirty: true, Deleted: false })
        {
            snackbar.Add(text["Research.SaveFirst"], Severity.Warning);
            return true;
        }

        return false;
    }

    /// <summary>Runs the delete; returns the errors to show, none when it went through.</summary>
    public static async Task<List<string>> DeleteAsync(Func<Task> delete, IStringLocalizer<ResearchText> text, IStringLocalizer<UiStrings> shared)
    {
        try
        {
            await delete();
            return [];
        }
        catch (InputRejectedException rejected)
        {
            return [.. rejected.Errors.Select(e => ResearchMessages.Text(e, text, shared))];
        }
        catch (WorkspaceAccessDeniedException)
        {
            return [shared["Errors.NotAllowed"]];
        }
    }
}
