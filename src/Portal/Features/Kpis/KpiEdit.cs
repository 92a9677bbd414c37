using Portal.Infrastructure;

namespace Portal.Features.Kpis;

/// <summary>
/// The KPI form as one open page holds it. The page keeps this object for as long as the form is open, so another
/// person's change updates <see cref="Theirs"/> (or <see cref="Deleted"/>) and never touches <see cref="Draft"/>, the
/// values the user typed.
/// </summary>
public sealed class KpiEdit
{
    /// <summary>The user's values; the builder edits this object in place.</summary>
    public required KpiDraft Draft { get; set; }

    /// <summary>The version the user's values started from: saving expects it to be still current.</summary>
    public required KpiView Base { get; set; }

    /// <summary>A newer version someone else saved since <see cref="Base"/>; the user chooses what to keep.</summary>
    public KpiView? Theirs { get; set; }

    /// <summary>True when the user's own save was refused because of <see cref="Theirs"/>, false when it arrived live.</summary>
    public bool Refused { get; set; }

    /// <summary>Someone deleted the KPI while the user was editing it.</summary>
    public bool Deleted { get; set; }

    /// <summary>Some of the values came back from the browser's drafts after a reload or a restart.</summary>
    public bool Restored { get; set; }

    /// <summary>
    /// A save of the user's is on its way: the version it stores may arrive as a live change before the save returns,
    /// and is not someone else's. A save that loses still shows theirs, from the refusal.
    /// </summary>
    public bool Saving { get; set; }

    public static KpiEdit Of(KpiView kpi) => new() { Draft = KpiDraft.From(kpi.ToInput()), Base = kpi };

    /// <summary>Applies another version of the KPI, saved by anyone; the user's values stay and a newer definition is shown beside them.</summary>
    public void Apply(KpiView current)
    {
        if (!Saving && current.Version != Base.Version && current.Version != Theirs?.Version)
        {
            Theirs = current;
            Refused = false;
        }
    }

    /// <summary>Starts again from <paramref name="theirs"/>: the form shows their values, with no conflict left.</summary>
    public void EditFrom(KpiView theirs)
    {
        Draft = KpiDraft.From(theirs.ToInput());
        Base = theirs;
        Theirs = null;
        Refused = false;
        Restored = false;
    }

    /// <summary>Puts back the fields the browser kept; a draft typed over an older version shows the current one as theirs.</summary>
    public void Restore(IEnumerable<Draft> drafts, string scopePrefix)
    {
        foreach (var draft in drafts)
        {
            if (Draft.TrySet(draft.Scope[scopePrefix.Length..], draft.Text))
            {
                Restored = true;
                if (draft.Base.Length > 0 && draft.Base != Base.Version.ToString())
                {
                    Theirs = Base;
                }
            }
        }
    }
}

/// <summary>Where the KPI pages keep unsaved text in the browser (see drafts.js); every scope starts with <c>kpi|{workspace}|</c>.</summary>
public static class KpiDraftScopes
{
    public static string Workspace(Guid workspaceId) => $"kpi|{workspaceId}|";

    /// <summary>The fields of the form editing one KPI, one scope per field: this prefix and the field's name.</summary>
    public static string Edit(Guid workspaceId, Guid kpiId) => $"{Workspace(workspaceId)}edit|{kpiId}|";

    /// <summary>The fields of the form creating a KPI.</summary>
    public static string New(Guid workspaceId) => $"{Workspace(workspaceId)}new|";

    /// <summary>The measurement boxes of one KPI: this prefix and <c>date</c>, <c>value</c> or <c>csv</c>.</summary>
    public static string Measurements(Guid workspaceId, Guid kpiId) => $"{Workspace(workspaceId)}measure|{kpiId}|";
}
