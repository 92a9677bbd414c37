using Portal.Features.Risks;
using Portal.Infrastructure;

namespace Portal.Tests.Risks;

public sealed class RiskEditTests
{
    private static readonly Guid Workspace = Guid.NewGuid();

    private static RiskView Risk(string title = "Model misses recall") =>
        new(Guid.NewGuid(), RiskCategory.TechnicalAlgorithm, title, "", 4, 5, null, "", "Human review", null, RiskStatus.Open, 2, 5, Guid.NewGuid());

    [Fact]
    public void A_newer_version_shows_beside_the_user_s_values_and_never_replaces_them()
    {
        var risk = Risk();
        var edit = RiskEdit.Of(risk);
        edit.Title = "My title";

        edit.Apply(risk);
        Assert.Null(edit.Theirs);

        var theirs = risk with { Title = "Their title", Version = Guid.NewGuid() };
        edit.Refused = true;
        edit.Apply(theirs);
        edit.Apply(Risk("Another risk") with { Version = Guid.NewGuid() });

        Assert.Equal(("My title", theirs, false), (edit.Title, edit.Theirs, edit.Refused));
        Assert.Equal(risk.Version, edit.Base!.Version);
    }

    [Fact]
    public void Drafts_reopen_the_form_of_their_risk_and_tell_what_changed_since()
    {
        var risk = Risk();
        var saved = risk with { Version = Guid.NewGuid() };
        var typedOn = risk.Version.ToString();

        var edit = RiskEdit.FromDrafts(Workspace, [Draft(risk.Id.ToString(), RiskEdit.MitigationField, "Second vendor", typedOn), Draft("new", RiskEdit.TitleField, "Other", "")], [saved])!;

        Assert.Equal((risk.Id, "Second vendor", risk.Title, true), (edit.RiskId!.Value, edit.Mitigation, edit.Title, edit.Restored));
        Assert.Equal(saved, edit.Theirs);
        Assert.Equal(typedOn, edit.DraftBase);
        Assert.Equal($"risk|{Workspace}|{risk.Id}|title", edit.DraftScope(Workspace, RiskEdit.TitleField));
    }

    [Fact]
    public void Drafts_of_a_new_risk_or_a_deleted_one_keep_their_text()
    {
        var fresh = RiskEdit.FromDrafts(Workspace, [Draft("new", RiskEdit.TitleField, "Cloud bill doubles", ""), Draft("new", RiskEdit.DescriptionField, "GPU prices", "")], [])!;
        var goneId = Guid.NewGuid();
        var gone = RiskEdit.FromDrafts(Workspace, [Draft(goneId.ToString(), RiskEdit.TitleField, "Renamed", Guid.NewGuid().ToString())], [Risk()])!;

        Assert.Equal((null, "Cloud bill doubles", "GPU prices", false), (fresh.RiskId, fresh.Title, fresh.Description, fresh.Deleted));
        Assert.Equal((goneId, "Renamed", true, null), (gone.RiskId!.Value, gone.Title, gone.Deleted, gone.Base));
        Assert.Null(RiskEdit.FromDrafts(Workspace, [new Draft($"risk|{Guid.NewGuid()}|new|title", "Other workspace", ""), new Draft($"risk|{Workspace}|new|owner", "x", "")], []));
    }

    private static Draft Draft(string risk, string field, string text, string draftBase) => new($"risk|{Workspace}|{risk}|{field}", text, draftBase);
}
