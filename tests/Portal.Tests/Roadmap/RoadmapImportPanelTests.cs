using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Portal.Features.Roadmap;
using Portal.Features.Roadmap.Import;
using Portal.Features.Workspaces;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Roadmap;

public sealed class RoadmapImportPanelTests
{
    private static WorkspaceAccess Access(WorkspaceRole role) => new(Guid.NewGuid(), "acme", "Acme", "user-1", role, IsCohortInstructor: false, IsArchived: false);

    [Fact]
    public async Task A_board_file_is_previewed_with_its_lists_mapped_the_unmapped_one_warned_of_and_problems_by_path()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        await using var context = PortalComponentTestContext.Create(out _, PortalComponentTestContext.AddFeatureService<RoadmapTransferService>);
        var panel = context.Render<RoadmapImportPanel>(p => p.Add(c => c.Access, Access(WorkspaceRole.Editor)));

        panel.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(RoadmapImportSamples.TrelloBoard, "board.json"));

        panel.WaitForElement("[data-testid=roadmap-import-summary]");
        Assert.Equal("Trello board: 4 tasks read, 2 archived cards skipped.", panel.Find("[data-testid=roadmap-import-summary]").TextContent.Trim());
        Assert.Equal(["l1", "l2", "l3", "l4"], panel.FindAll("[data-testid=roadmap-import-group]").Select(r => r.GetAttribute("data-key")));
        Assert.Contains("\"Waiting for review\" has no board column: its tasks (1) will not be imported.", panel.Find("[data-testid=roadmap-import-unmapped]").TextContent, StringComparison.Ordinal);
        Assert.Equal(
            ["$.cards[6].name should be text.", "$.cards[7].idList: The card's list l9 is not in the file; the card was skipped."],
            panel.FindAll("[data-testid=roadmap-import-problem]").Select(p => p.TextContent));
        Assert.Equal("Import 3 tasks", panel.Find("[data-testid=roadmap-import-button]").TextContent.Trim());
    }

    [Fact]
    public async Task A_file_that_is_not_an_export_is_explained_and_a_viewer_may_only_export()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        await using var context = PortalComponentTestContext.Create(out _, PortalComponentTestContext.AddFeatureService<RoadmapTransferService>);
        var editor = context.Render<RoadmapImportPanel>(p => p.Add(c => c.Access, Access(WorkspaceRole.Owner)));
        var viewer = context.Render<RoadmapImportPanel>(p => p.Add(c => c.Access, Access(WorkspaceRole.Viewer)));

        editor.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("title,status\r\nA,Done\r\n", "issues.csv"));

        editor.WaitForElement("[data-testid=roadmap-import-message]");
        Assert.Equal("这不是 Jira 问题导出文件：第一行缺少 Summary 或 Issue key 列。", editor.Find("[data-testid=roadmap-import-message]").TextContent);
        Assert.Empty(editor.FindAll("[data-testid=roadmap-import-summary]"));
        Assert.Empty(viewer.FindComponents<InputFile>());
        Assert.NotEmpty(viewer.Find("[data-testid=roadmap-import-readonly]").TextContent);
        Assert.Equal("/w/acme/roadmap/tasks.csv", viewer.Find("[data-testid=roadmap-export]").GetAttribute("href"));
    }
}
