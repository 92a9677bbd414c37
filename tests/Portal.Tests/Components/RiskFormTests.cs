using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Risks;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class RiskFormTests
{
    [Fact]
    public async Task A_risk_changed_or_deleted_by_someone_else_keeps_the_open_form_and_its_values()
    {
        await using var context = PortalComponentTestContext.Create(out _, PortalComponentTestContext.AddFeatureService<RiskService>);
        var risk = new RiskView(Guid.NewGuid(), RiskCategory.Financial, "Runway ends in May", "", 3, 5, null, "", "Bridge round", null, RiskStatus.Open, 2, 4, Guid.NewGuid());
        var edit = RiskEdit.Of(risk);
        RiskEdit? replaced = null;
        var form = context.Render<RiskForm>(parameters => parameters
            .Add(p => p.Edit, edit).Add(p => p.WorkspaceId, Guid.NewGuid()).Add(p => p.UserId, "u")
            .Add(p => p.EditChanged, next => replaced = next));
        form.Find("input[data-draft-key$='|title']").Input("Runway ends in April");

        // A teammate's save arrives while the user types.
        edit.Apply(risk with { Title = "Runway ends in June", Mitigation = "Revenue from pilots", Version = Guid.NewGuid() });
        form.Render();

        Assert.Equal("Runway ends in April", form.Find("input[data-draft-key$='|title']").GetAttribute("value"));
        Assert.Contains("Runway ends in June", form.Find("[data-testid=conflict-theirs]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Revenue from pilots", form.Find("[data-testid=conflict-theirs]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(form.FindAll("[data-testid=risk-save]"));

        // Editing on from theirs hands the page a form that starts from their version.
        form.Find("button[data-testid=conflict-edit-theirs]").Click();
        Assert.Equal(("Runway ends in June", "Revenue from pilots", null), (replaced!.Title, replaced.Mitigation, replaced.Theirs));
        Assert.Equal(edit.Theirs!.Version, replaced.Base!.Version);

        // Deleted: the values stay, the choices are keeping them as a new risk or discarding them (risks cannot be restored).
        edit.Deleted = true;
        form.Render();
        Assert.NotEmpty(form.FindAll("[data-testid=conflict-deleted]"));
        Assert.Empty(form.FindAll("[data-testid=conflict-restore-mine]"));
        Assert.NotEmpty(form.FindAll("button[data-testid=conflict-keep-as-new]"));
        Assert.Empty(form.FindAll("[data-testid=risk-save]"));
        Assert.Equal("Runway ends in April", form.Find("input[data-draft-key$='|title']").GetAttribute("value"));
    }
}
