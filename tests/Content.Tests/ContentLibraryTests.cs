using System.Diagnostics;

namespace Portal.Content.Tests;

public sealed class ContentLibraryTests
{
    private static TempContentFolder ThreeChapters() => new TempContentFolder()
        .WriteBoth("01-basics.md",
            TestContent.Chapter(1, "基础", "## 什么是模型", part: "第一部分"),
            TestContent.Chapter(1, "Basics", "## What a model is", part: "Part 1"))
        .WriteBoth("02-business-model.md",
            TestContent.Chapter(2, "商业模式", "## 九个模块\n\n### 客户细分", part: "第二部分", tool: "canvas"),
            TestContent.Chapter(2, "Business model", "## The nine blocks\n\n### Customer segments", part: "Part 2", tool: "canvas"))
        .WriteBoth("03-team.md",
            TestContent.Chapter(3, "团队", "## 角色", part: "第二部分"),
            TestContent.Chapter(3, "Team", "## Roles", part: "Part 2"));

    [Fact]
    public void Chapters_are_grouped_into_parts_in_reading_order_with_previous_and_next()
    {
        using var content = ThreeChapters();
        using var library = content.Open();

        Assert.Empty(library.Errors);
        var tree = library.GetTree("en");
        Assert.Equal(["Part 1", "Part 2"], tree.Parts.Select(p => p.Title));
        Assert.Equal(["basics", "business-model", "team"], tree.Chapters.Select(c => c.Slug));

        var chapter = library.GetChapter("en", "business-model");
        Assert.NotNull(chapter);
        Assert.Equal(("basics", "team"), (chapter.PreviousSlug, chapter.NextSlug));
        Assert.Equal([RelatedTool.Canvas], chapter.FrontMatter.RelatedTools);
        Assert.Equal("guide/en/02-business-model.md", chapter.File);
        Assert.Equal([new TocEntry(2, "the-nine-blocks", "The nine blocks"), new TocEntry(3, "customer-segments", "Customer segments")], chapter.Toc);
        Assert.Null(tree.Chapters.First().PreviousSlug);
        Assert.Null(tree.Chapters.Last().NextSlug);
    }

    [Fact]
    public void Parts_are_ordered_by_their_first_chapter_not_by_name()
    {
        using var content = new TempContentFolder()
            .WriteBoth("01-a.md", TestContent.Chapter(1, "A", "x", part: "Z part"), TestContent.Chapter(1, "A", "x", part: "Z part"))
            .WriteBoth("02-b.md", TestContent.Chapter(2, "B", "x", part: "A part"), TestContent.Chapter(2, "B", "x", part: "A part"));
        using var library = content.Open();

        Assert.Equal(["Z part", "A part"], library.GetTree("zh-CN").Parts.Select(p => p.Title));
    }

    [Fact]
    public void Lookups_ignore_case_and_unknown_languages_or_slugs_find_nothing()
    {
        using var content = ThreeChapters();
        using var library = content.Open();

        Assert.Equal("商业模式", library.GetChapter("zh-cn", "Business-Model")?.Title);
        Assert.Null(library.GetChapter("fr", "business-model"));
        Assert.Null(library.GetChapter("en", "nope"));
        Assert.Empty(library.GetTree("fr").Parts);
    }

    [Fact]
    public void Chapter_with_bad_front_matter_is_left_out_and_the_rest_still_load()
    {
        using var content = ThreeChapters()
            .Write("guide/en/03-team.md", TestContent.Chapter(3, "Team", "## Roles", tool: "payroll"));
        using var library = content.Open();

        var error = Assert.Single(library.Errors);
        Assert.Equal("guide/en/03-team.md", error.File);
        Assert.Equal(7, error.Line);
        Assert.Null(library.GetChapter("en", "team"));
        Assert.Null(library.GetChapter("en", "business-model")?.NextSlug);
        Assert.Equal(3, library.GetTree("zh-CN").Chapters.Count());
    }

    [Fact]
    public void Links_to_a_chapter_that_was_left_out_say_so()
    {
        using var content = ThreeChapters()
            .Write("guide/en/01-basics.md", TestContent.Chapter(1, "Basics", "See [team](03-team.md)."))
            .Write("guide/en/03-team.md", TestContent.Chapter(3, "Team", "x", tool: "payroll"));
        using var library = content.Open();

        Assert.Contains(new ContentError("guide/en/01-basics.md", 10, "link to '03-team.md', a chapter that has errors and is left out"), library.Errors);
    }

    [Fact]
    public void File_names_slugs_and_languages_are_checked()
    {
        using var content = ThreeChapters()
            .Write("guide/en/4-Bad Name.md", "x")
            .Write("guide/en/04-team.md", TestContent.Chapter(4, "Team again", "x"))
            .Write("guide/zh-CN/05-only-chinese.md", TestContent.Chapter(5, "只有中文", "x"))
            .Write("guide/en/notes.txt", "not a chapter, ignored");
        using var library = content.Open();

        Assert.Equal(
            [
                new ContentError("guide/en/04-team.md", 1, "slug 'team' is also used by guide/en/03-team.md; it is left out"),
                new ContentError("guide/en/04-team.md", 1, "there is no 'zh-CN' version of this chapter (expected guide/zh-CN/04-team.md)"),
                new ContentError("guide/en/4-Bad Name.md", 1, "chapter file names look like NN-slug.md (two digits, lower-case words joined by '-'); the file is left out"),
                new ContentError("guide/zh-CN/05-only-chinese.md", 1, "there is no 'en' version of this chapter (expected guide/en/05-only-chinese.md)"),
            ],
            library.Errors);
        Assert.Equal("Team", library.GetChapter("en", "team")?.Title);
    }

    [Fact]
    public void A_chapter_leads_to_the_same_tools_in_every_language()
    {
        using var content = ThreeChapters()
            .Write("guide/en/03-team.md", TestContent.Chapter(3, "Team", "## Roles", part: "Part 2", tool: "team, roadmap"))
            .Write("guide/zh-CN/03-team.md", TestContent.Chapter(3, "团队", "## 角色", part: "第二部分", tool: "team"));
        using var library = content.Open();

        Assert.Contains(new ContentError("guide/en/03-team.md", 1, "'related_tool' differs from the 'zh-CN' version's (team, roadmap here, team there)"), library.Errors);
        Assert.Contains(new ContentError("guide/zh-CN/03-team.md", 1, "'related_tool' differs from the 'en' version's (team here, team, roadmap there)"), library.Errors);
    }

    [Fact]
    public void Missing_content_root_throws_and_a_missing_language_folder_is_an_error()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new ContentLibrary(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));

        using var content = new TempContentFolder();
        Directory.Delete(Path.Combine(content.Root, "guide", "en"));
        using var library = content.Open();

        Assert.Equal([new ContentError("guide/en", 1, "the language folder is missing")], library.Errors);
    }

    [Fact]
    public void Reload_renders_only_what_changed_and_bumps_the_version()
    {
        using var content = ThreeChapters();
        using var library = content.Open();
        var before = library.GetChapter("en", "basics");
        var untouched = library.GetChapter("en", "team");
        ContentChangedEventArgs? raised = null;
        library.Changed += (_, e) => raised = e;

        library.Reload();
        Assert.Equal(1, library.Version);
        Assert.Null(raised);

        content.Write("guide/en/01-basics.md", TestContent.Chapter(1, "Basics, revised", "## What a model is"));
        library.Reload();

        Assert.Equal(2, library.Version);
        Assert.NotNull(raised);
        Assert.Equal(["guide/en/01-basics.md"], raised.Files);
        Assert.Equal(2, raised.Version);
        Assert.Equal("Basics, revised", library.GetChapter("en", "basics")?.Title);
        Assert.NotSame(before, library.GetChapter("en", "basics"));
        Assert.Equal(untouched?.Html, library.GetChapter("en", "team")?.Html);
    }

    [Fact]
    public void Copies_of_the_same_chapters_have_one_fingerprint_whatever_their_version()
    {
        using var first = ThreeChapters();
        using var second = ThreeChapters();
        using var firstLibrary = first.Open();
        using var secondLibrary = second.Open();
        Assert.Equal(firstLibrary.Fingerprint, secondLibrary.Fingerprint);

        first.Write("guide/en/03-team.md", TestContent.Chapter(3, "Team, revised", "## Roles", part: "Part 2"));
        firstLibrary.Reload();
        Assert.NotEqual(firstLibrary.Fingerprint, secondLibrary.Fingerprint);

        // Both at version 2, one with the edit and one with a different edit: the version cannot tell them apart.
        second.Write("guide/en/03-team.md", TestContent.Chapter(3, "Team, rewritten", "## Roles", part: "Part 2"));
        secondLibrary.Reload();
        Assert.Equal(firstLibrary.Version, secondLibrary.Version);
        Assert.NotEqual(firstLibrary.Fingerprint, secondLibrary.Fingerprint);

        second.Write("guide/en/03-team.md", TestContent.Chapter(3, "Team, revised", "## Roles", part: "Part 2"));
        secondLibrary.Reload();
        Assert.Equal(firstLibrary.Fingerprint, secondLibrary.Fingerprint);
    }

    [Fact]
    public void Changed_file_is_reloaded_without_restart()
    {
        using var content = ThreeChapters();
        using var library = content.Open(watch: true);
        var version = library.Version;

        content.Write("guide/zh-CN/02-business-model.md", TestContent.Chapter(2, "商业模式（修订）", "## 九个模块", tool: "canvas"));

        Assert.True(WaitUntil(() => library.GetChapter("zh-CN", "business-model")?.Title == "商业模式（修订）"), "the new title never appeared");
        Assert.True(library.Version > version);
        Assert.Contains(library.SearchIndex.Search("修订", "zh-CN"), h => h.Slug == "business-model");
    }

    [Fact]
    public void Added_and_removed_chapters_are_picked_up_and_links_checked_again()
    {
        using var content = ThreeChapters();
        using var library = content.Open(watch: true);
        var changes = 0;
        library.Changed += (_, _) => Interlocked.Increment(ref changes);

        content.Write("guide/en/01-basics.md", TestContent.Chapter(1, "Basics", "See [growth](04-growth.md)."));
        Assert.True(WaitUntil(() => library.Errors.Any(e => e.Message == "link to missing chapter '04-growth.md'")), "the broken link was never reported");

        content.WriteBoth("04-growth.md", TestContent.Chapter(4, "增长", "x", part: "第二部分"), TestContent.Chapter(4, "Growth", "x", part: "Part 2"));
        Assert.True(WaitUntil(() => library.GetChapter("en", "growth") is not null && library.Errors.Count == 0), "the new chapter never appeared");
        Assert.Equal("growth", library.GetChapter("en", "team")?.NextSlug);

        content.Delete("guide/en/04-growth.md");
        Assert.True(WaitUntil(() => library.GetChapter("en", "growth") is null), "the removed chapter never went away");
        Assert.Contains(library.Errors, e => e.File == "guide/en/01-basics.md" && e.Line == 10);
        Assert.True(Volatile.Read(ref changes) >= 3);
    }

    [Fact]
    public async Task Readers_on_other_threads_always_see_a_whole_library_while_it_reloads()
    {
        using var content = ThreeChapters();
        using var library = content.Open();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var readers = Enumerable.Range(0, 4).Select(reader => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var tree = library.GetTree("en");
                Assert.Equal(3, tree.Chapters.Count());
                Assert.NotNull(library.GetChapter("zh-CN", "team"));
                _ = library.SearchIndex.Search("team", "en");
            }
        })).ToArray();

        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            content.Write("guide/en/03-team.md", TestContent.Chapter(3, $"Team {i}", "## Roles", part: "Part 2"));
            library.Reload();
        }

        await Task.WhenAll(readers);
    }

    [Fact]
    public void Disposed_library_stops_watching()
    {
        using var content = ThreeChapters();
        var library = content.Open(watch: true);
        library.Dispose();

        content.Write("guide/en/01-basics.md", TestContent.Chapter(1, "After dispose", "x"));
        Thread.Sleep(300);

        Assert.Equal("Basics", library.GetChapter("en", "basics")?.Title);
    }

    /// <summary>Polls until <paramref name="condition"/> holds or five seconds pass; a file watcher gives no stronger promise.</summary>
    private static bool WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(25);
        }

        return condition();
    }
}
