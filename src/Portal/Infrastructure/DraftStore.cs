using Microsoft.JSInterop;

namespace Portal.Infrastructure;

/// <summary>Unsaved text the browser kept for a user (drafts.js): the scope names the item, the base its version then.</summary>
public sealed record Draft(string Scope, string Text, string Base);

/// <summary>
/// The page's side of drafts.js: which drafts the browser holds for this user, and dropping one once it is saved or
/// discarded. The browser saves them itself, on every input, under <see cref="Key"/>.
/// </summary>
public sealed class DraftStore(IJSRuntime js)
{
    /// <summary>The value of an editor's <c>data-draft-key</c> attribute.</summary>
    public static string Key(string userId, string scope) => $"{userId}|{scope}";

    public async Task<IReadOnlyList<Draft>> ListAsync(string userId, string scopePrefix)
    {
        try
        {
            return await js.InvokeAsync<Draft[]>("portalDrafts.list", userId, scopePrefix);
        }
        catch (Exception exception) when (exception is JSException or JSDisconnectedException or TaskCanceledException)
        {
            // No drafts to offer is better than a page that fails to open.
            return [];
        }
    }

    public async Task RemoveAsync(string userId, string scope)
    {
        try
        {
            await js.InvokeVoidAsync("portalDrafts.remove", userId, scope);
        }
        catch (Exception exception) when (exception is JSException or JSDisconnectedException or TaskCanceledException)
        {
            // The page is gone; the draft is offered again next time and can be discarded then.
        }
    }
}
