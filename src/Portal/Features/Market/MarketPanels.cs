using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Portal.Features.Research;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>What the personas and channels panels share: list items, the rule that unsaved work is never dropped, and deleting.</summary>
internal static class MarketPanels
{
    public static string ItemClass(bool selected) => selected ? "market-list-item selected" : "market-list-item";

    /// <summary>An interview in one line: who, date, role and segment.</summary>
    public static string Interview(PersonaInterviewOption interview) =>
        string.Join(" · ", new[] { interview.Person, interview.HeldOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), interview.Role, interview.Segment }.Where(p => p.Length > 0));

    /// <summary>True (and says so) when the open form holds unsaved changes: the user saves or discards them first.</summary>
    public static bool KeepsUnsaved<TView, TInput>(ResearchDraft<TView, TInput>? draft, ISnackbar snackbar, IStringLocalizer<MarketText> text)
        where TView : class
    {
        if (draft is { IsDirty: true, Deleted: false })
        {
            snackbar.Add(text["Market.SaveFirst"], Severity.Warning);
            return true;
        }

        return false;
    }

    /// <summary>Runs a change; returns the errors to show, none when it went through.</summary>
    public static async Task<List<string>> RunAsync(Func<Task> change, IStringLocalizer<MarketText> text, IStringLocalizer<UiStrings> shared)
    {
        try
        {
            await change();
            return [];
        }
        catch (InputRejectedException rejected)
        {
            return [.. rejected.Errors.Select(e => MarketMessages.Text(e, text, shared))];
        }
        catch (WorkspaceAccessDeniedException)
        {
            return [shared["Errors.NotAllowed"]];
        }
    }
}
