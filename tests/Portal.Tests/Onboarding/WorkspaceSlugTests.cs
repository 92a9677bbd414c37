using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.Tests.Infrastructure;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Onboarding;

public sealed partial class WorkspaceSlugTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    private WorkspaceSlugs Slugs => world.Services.GetRequiredService<WorkspaceSlugs>();

    private string Owner => world.Id(Persona.Owner)!;

    [Fact]
    public async Task A_chinese_name_gets_an_editable_team_suggestion()
    {
        var fallback = WorkspaceSlugs.RandomFallback();

        var suggestion = await Slugs.SuggestAsync("织眼科技", fallback);

        Assert.Equal(fallback, suggestion);
        Assert.Matches(TeamSlug(), suggestion);
        Assert.Null(WorkspaceSlugs.Problem(suggestion));
    }

    [Fact]
    public async Task A_latin_name_suggests_its_own_words_and_a_free_variant_when_taken()
    {
        var name = $"Loom {Guid.NewGuid():N}"[..13];
        var first = await Slugs.SuggestAsync(name + " Sight!", "unused");
        await world.Workspaces.CreateAsync(Owner, Input(name + " Sight!"));

        var second = await Slugs.SuggestAsync(name + " Sight!", "unused");

        Assert.Equal(first + "-2", second);
        Assert.Equal(name.ToLowerInvariant().Replace(' ', '-') + "-sight", first);
    }

    [Fact]
    public async Task A_custom_slug_is_taken_as_given_for_a_chinese_name()
    {
        var slug = $"zhiyan-{Guid.NewGuid():N}"[..16];

        var created = await world.Workspaces.CreateAsync(Owner, Input("织眼科技"), slug);

        Assert.Equal(slug, created.Slug);
        Assert.Equal("织眼科技", created.Name);
        Assert.NotNull(await world.Workspaces.GetAccessAsync(Owner, slug));
    }

    [Theory]
    [InlineData("ab", "Workspace.Error.SlugLength")]
    [InlineData("a-slug-that-is-far-too-long-for-a-workspace-url", "Workspace.Error.SlugLength")]
    [InlineData("zhi yan", "Workspace.Error.SlugCharacters")]
    [InlineData("-zhiyan", "Workspace.Error.SlugCharacters")]
    [InlineData("zhiyan-", "Workspace.Error.SlugCharacters")]
    [InlineData("zhi--yan", "Workspace.Error.SlugCharacters")]
    [InlineData("织眼科技", "Workspace.Error.SlugCharacters")]
    [InlineData("zhi_yan", "Workspace.Error.SlugCharacters")]
    [InlineData("", "Validation.RequiredField")]
    public async Task A_malformed_slug_is_refused_with_a_message(string slug, string messageKey)
    {
        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => world.Workspaces.CreateAsync(Owner, Input("织眼科技"), slug));

        var error = Assert.Single(refused.Errors);
        Assert.Equal("Slug", error.Field);
        Assert.Equal(messageKey, error.MessageKey);
    }

    [Fact]
    public async Task A_taken_slug_is_refused_with_a_message_naming_it()
    {
        var slug = $"taken-{Guid.NewGuid():N}"[..15];
        await world.Workspaces.CreateAsync(Owner, Input("第一家"), slug);

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => world.Workspaces.CreateAsync(world.Id(Persona.Editor)!, Input("第二家"), slug.ToUpperInvariant()));

        var error = Assert.Single(refused.Errors);
        Assert.Equal(("Slug", "Workspace.Error.SlugTaken"), (error.Field, error.MessageKey));
        Assert.Equal(slug, Assert.Single(error.Arguments));
    }

    [Fact]
    public async Task Without_a_slug_a_chinese_name_still_gets_a_team_slug()
    {
        var created = await world.Workspaces.CreateAsync(Owner, Input("条款通"));

        Assert.Matches(TeamSlug(), created.Slug);
    }

    private static WorkspaceInput Input(string name) => new(name, "", WorkspaceStage.Idea, "");

    [GeneratedRegex("^team-[0-9a-f]{6}$")]
    private static partial Regex TeamSlug();
}
