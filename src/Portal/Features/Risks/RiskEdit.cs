using Portal.Infrastructure;

namespace Portal.Features.Risks;

/// <summary>
/// An open risk form: the values the user is entering and what happened to the risk meanwhile. The register page
/// keeps this object for as long as the form is open; someone else's change sets <see cref="Theirs"/> or
/// <see cref="Deleted"/> and never touches the user's values.
/// </summary>
public sealed class RiskEdit
{
    /// <summary>The free-text fields, which the browser keeps as drafts (see drafts.js), by the last part of their scope.</summary>
    public static readonly IReadOnlyList<string> DraftFields = [TitleField, DescriptionField, MitigationField];

    public const string TitleField = "title";
    public const string DescriptionField = "description";
    public const string MitigationField = "mitigation";

    /// <summary>The id part of a new risk's draft scopes.</summary>
    public const string NewRisk = "new";

    public RiskCategory Category { get; set; }

    public string Title { get; set => field = value ?? ""; } = "";

    public string Description { get; set => field = value ?? ""; } = "";

    public int Likelihood { get; set; } = 3;

    public int Impact { get; set; } = 3;

    public string? OwnerUserId { get; set; }

    public string Mitigation { get; set => field = value ?? ""; } = "";

    public DateTime? ReviewDate { get; set; }

    public RiskStatus Status { get; set; }

    public int ResidualLikelihood { get; set; } = 2;

    public int ResidualImpact { get; set; } = 3;

    /// <summary>The risk being edited; null for a new one.</summary>
    public Guid? RiskId { get; private init; }

    /// <summary>The version the user's values started from: saving expects it to be still current. Null for a new risk.</summary>
    public RiskView? Base { get; private init; }

    /// <summary>The version the browser's drafts name as their start (data-draft-base): after a reload it tells whether someone saved since.</summary>
    public string DraftBase { get; set; } = "";

    /// <summary>A newer version someone else saved since <see cref="Base"/>; the user chooses what to keep.</summary>
    public RiskView? Theirs { get; set; }

    /// <summary>True when the user's own save was refused because of <see cref="Theirs"/>, false when it arrived live.</summary>
    public bool Refused { get; set; }

    /// <summary>Someone deleted the risk while the user was editing it.</summary>
    public bool Deleted { get; set; }

    /// <summary>Some values came back from the browser's drafts after a reload or a restart.</summary>
    public bool Restored { get; set; }

    public static RiskEdit New() => new();

    public static RiskEdit Of(RiskView risk) => new()
    {
        RiskId = risk.Id,
        Base = risk,
        DraftBase = risk.Version.ToString(),
        Category = risk.Category,
        Title = risk.Title,
        Description = risk.Description,
        Likelihood = risk.Likelihood,
        Impact = risk.Impact,
        OwnerUserId = risk.OwnerUserId,
        Mitigation = risk.Mitigation,
        ReviewDate = risk.ReviewDate?.ToDateTime(TimeOnly.MinValue),
        Status = risk.Status,
        ResidualLikelihood = risk.ResidualLikelihood,
        ResidualImpact = risk.ResidualImpact,
    };

    /// <summary>A draft of a risk that no longer exists: only the draft's text is left, to keep as a new risk or discard.</summary>
    public static RiskEdit Gone(Guid riskId) => new() { RiskId = riskId, Deleted = true };

    public static string DraftScopePrefix(Guid workspaceId) => $"risk|{workspaceId}|";

    /// <summary>The scope of one field's draft: <c>risk|{workspace}|{risk id or "new"}|{field}</c>.</summary>
    public string DraftScope(Guid workspaceId, string field) => $"{DraftScopePrefix(workspaceId)}{RiskId?.ToString() ?? NewRisk}|{field}";

    /// <summary>Reads a draft's scope back as the risk it belongs to (null for a new risk) and the field; false for any other scope.</summary>
    public static bool TryParseDraftScope(Guid workspaceId, string scope, out Guid? riskId, out string field)
    {
        (riskId, field) = (null, "");
        var prefix = DraftScopePrefix(workspaceId);
        var parts = scope.StartsWith(prefix, StringComparison.Ordinal) ? scope[prefix.Length..].Split('|') : [];
        if (parts.Length != 2 || !DraftFields.Contains(parts[1]))
        {
            return false;
        }

        field = parts[1];
        if (parts[0] == NewRisk)
        {
            return true;
        }

        riskId = Guid.TryParse(parts[0], out var id) ? id : null;
        return riskId is not null;
    }

    /// <summary>
    /// The form the browser's drafts belong to, filled with their text, or null when there are none. One form is open at a
    /// time: drafts of other risks wait for the next time the page opens. A risk deleted since stays deleted in the form.
    /// </summary>
    public static RiskEdit? FromDrafts(Guid workspaceId, IReadOnlyList<Draft> drafts, IReadOnlyList<RiskView> risks)
    {
        var fields = drafts
            .Select(d => (Draft: d, Parsed: TryParseDraftScope(workspaceId, d.Scope, out var riskId, out var field), RiskId: riskId, Field: field))
            .Where(d => d.Parsed)
            .ToList();
        if (fields.Count == 0)
        {
            return null;
        }

        var riskId = fields[0].RiskId;
        var edit = riskId is null ? New()
            : risks.FirstOrDefault(r => r.Id == riskId) is { } risk ? Of(risk)
            : Gone(riskId.Value);
        foreach (var (draft, _, _, field) in fields.Where(d => d.RiskId == riskId))
        {
            edit.Fill(field, draft.Text);
            if (edit.Base is { } current && draft.Base != current.Version.ToString())
            {
                // Someone saved the risk after this text was typed: their version shows beside it.
                edit.Theirs = current;
                edit.DraftBase = draft.Base;
            }
        }

        return edit;
    }

    /// <summary>Puts a draft's text into its field.</summary>
    public void Fill(string field, string text)
    {
        switch (field)
        {
            case TitleField: Title = text; break;
            case DescriptionField: Description = text; break;
            case MitigationField: Mitigation = text; break;
        }

        Restored = true;
    }

    /// <summary>Takes note of another version of the risk, saved by anyone; the user's values stay as they are.</summary>
    public void Apply(RiskView current)
    {
        if (Base is not null && current.Id == RiskId && current.Version != Base.Version && current.Version != Theirs?.Version)
        {
            Theirs = current;
            Refused = false;
        }
    }

    public RiskInput ToInput() => new(
        Category, Title, Description, Likelihood, Impact, OwnerUserId, Mitigation,
        ReviewDate is { } date ? DateOnly.FromDateTime(date) : null, Status, ResidualLikelihood, ResidualImpact);
}
