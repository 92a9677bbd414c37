using Portal.Content.Rendering;

namespace Portal.Content.Tests;

public sealed class LinkTests
{
    private static RenderedChapter Render(string body, ContentOptions? options = null) =>
        new ChapterRenderer(options).Render(TestContent.Chapter(3, "Links", body), "guide/en/03-links.md");

    [Fact]
    public void Links_between_chapters_become_portal_routes_and_keep_their_anchor()
    {
        var rendered = Render("See [the model](04-business-model.md), [its moat](./04-business-model.md#where-is-the-moat) and [上文](05-team.md#团队)." );

        Assert.Contains("<a href=\"/guide/business-model\">the model</a>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/guide/business-model#where-is-the-moat\">its moat</a>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/guide/team#团队\">上文</a>", rendered.Html, StringComparison.Ordinal);
        Assert.Empty(rendered.Errors);
    }

    [Fact]
    public void Routes_follow_the_options()
    {
        var rendered = Render("[x](04-business-model.md) ![y](img/a.png)", new ContentOptions { GuideRoute = "/docs/", ContentRoute = "/static" });

        Assert.Contains("href=\"/docs/business-model\"", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("src=\"/static/guide/en/img/a.png\"", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void External_links_open_in_a_new_tab_without_an_opener()
    {
        var rendered = Render("Read [the act](https://eur-lex.europa.eu/eli/reg/2016/679/oj), <https://example.org> or https://www.pipl.example/law.\n\nMail [us](mailto:team@example.com).");

        Assert.Contains("<a href=\"https://eur-lex.europa.eu/eli/reg/2016/679/oj\" target=\"_blank\" rel=\"noopener noreferrer\">the act</a>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org\" target=\"_blank\" rel=\"noopener noreferrer\">https://example.org</a>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://www.pipl.example/law\" target=\"_blank\" rel=\"noopener noreferrer\">", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"mailto:team@example.com\">us</a>", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_images_are_served_from_the_content_route()
    {
        var rendered = Render("![A canvas](<images/canvas 1.png>) ![Shared](../../images/logo.svg \"Logo\") ![Web](https://example.org/x.png)");

        Assert.Contains("<img src=\"/content/guide/en/images/canvas%201.png\" alt=\"A canvas\">", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"/content/images/logo.svg\" alt=\"Shared\" title=\"Logo\">", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"https://example.org/x.png\" alt=\"Web\">", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_that_cannot_work_are_reported_with_file_and_line()
    {
        var rendered = Render("First line.\n\n[other language](../zh-CN/04-business-model.md)\n[not a chapter](notes.md)\n[escape](../../../etc/passwd)\n[script](javascript:alert(1))");

        Assert.Equal(
            [
                new ContentError("guide/en/03-links.md", 12, "link '../zh-CN/04-business-model.md' leaves this language's folder; link only to chapters of the same language"),
                new ContentError("guide/en/03-links.md", 13, "link 'notes.md' is not a chapter file (expected NN-slug.md)"),
                new ContentError("guide/en/03-links.md", 14, "link '../../../etc/passwd' points outside the content folder"),
                new ContentError("guide/en/03-links.md", 15, "link 'javascript:alert(1)' uses the 'javascript:' scheme; only http, https and mailto are allowed"),
            ],
            rendered.Errors);
    }

    [Fact]
    public void Broken_link_to_a_missing_chapter_is_reported_with_file_and_line()
    {
        using var content = new TempContentFolder()
            .WriteBoth("01-intro.md",
                TestContent.Chapter(1, "导论", "## 开始\n\n见[商业模式](02-business-model.md)。"),
                TestContent.Chapter(1, "Intro", "## Start\n\nSome text.\n\nSee [the model](02-business-model.md) and [team](03-team.md)."))
            .WriteBoth("02-business-model.md",
                TestContent.Chapter(2, "商业模式", "## 护城河"),
                TestContent.Chapter(2, "Business model", "## Moat"));

        using var library = content.Open();

        var error = Assert.Single(library.Errors);
        Assert.Equal(new ContentError("guide/en/01-intro.md", 14, "link to missing chapter '03-team.md'"), error);
        Assert.Equal("See [the model](02-business-model.md) and [team](03-team.md).", File.ReadAllLines(Path.Combine(content.Root, error.File))[error.Line - 1]);
        Assert.NotNull(library.GetChapter("en", "intro"));
    }

    [Fact]
    public void Link_to_a_missing_heading_or_a_renumbered_chapter_is_reported()
    {
        using var content = new TempContentFolder()
            .WriteBoth("01-intro.md",
                TestContent.Chapter(1, "导论", "## 开始\n\n[对](02-business-model.md#护城河) [错](02-business-model.md#城墙) [本页](#开始) [本页错](#结束)"),
                TestContent.Chapter(1, "Intro", "## Start\n\n[renamed](04-business-model.md)"))
            .WriteBoth("02-business-model.md",
                TestContent.Chapter(2, "商业模式", "## 护城河"),
                TestContent.Chapter(2, "Business model", "## Moat"));

        using var library = content.Open();

        Assert.Equal(
            [
                new ContentError("guide/en/01-intro.md", 12, "link to missing chapter '04-business-model.md' (did you mean '02-business-model.md'?)"),
                new ContentError("guide/zh-CN/01-intro.md", 12, "link to '02-business-model.md#城墙': that chapter has no heading with id '城墙'"),
                new ContentError("guide/zh-CN/01-intro.md", 12, "link '#结束' points to no heading of this chapter"),
            ],
            library.Errors);
    }

    [Fact]
    public void Missing_image_is_reported_and_an_existing_one_is_not()
    {
        using var content = new TempContentFolder()
            .Write("images/logo.png", "not really a png")
            .WriteBoth("01-intro.md",
                TestContent.Chapter(1, "导论", "![标志](../../images/logo.png)"),
                TestContent.Chapter(1, "Intro", "![Logo](../../images/logo.png)\n\n![Missing](pictures/none.png)"));

        using var library = content.Open();

        Assert.Equal([new ContentError("guide/en/01-intro.md", 12, "file 'guide/en/pictures/none.png' does not exist under the content root")], library.Errors);
        Assert.Contains("<img src=\"/content/images/logo.png\" alt=\"Logo\">", library.GetChapter("en", "intro")!.Html, StringComparison.Ordinal);
    }
}
