using System.Text.RegularExpressions;

namespace Portal.Content.Tests;

/// <summary>
/// Runs the library over the repository's own <c>content/</c>. A broken link or bad front matter in any
/// chapter fails <see cref="Real_content_has_no_errors"/>, which is how CI catches it.
/// </summary>
public sealed partial class RealContentTests : IClassFixture<RealContentTests.Library>
{
    private readonly ContentLibrary library;

    public RealContentTests(Library fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        library = fixture.Content;
    }

    public sealed class Library : IDisposable
    {
        public ContentLibrary Content { get; } = new(TestContent.RealContentRoot, new ContentOptions { WatchForChanges = false });

        public void Dispose() => Content.Dispose();
    }

    [Fact]
    public void Real_content_has_no_errors()
    {
        Assert.True(library.Errors.Count == 0, "content/ has errors:\n" + string.Join('\n', library.Errors));
    }

    [Fact]
    public void Every_chapter_exists_in_both_languages_with_the_same_tree_shape()
    {
        var chinese = library.GetTree(GuideLanguages.Chinese);
        var english = library.GetTree(GuideLanguages.English);

        Assert.True(chinese.Chapters.Count() >= 12);
        Assert.Equal(chinese.Chapters.Select(c => c.Slug), english.Chapters.Select(c => c.Slug));
        Assert.Equal(chinese.Parts.Select(p => p.Chapters.Count), english.Parts.Select(p => p.Chapters.Count));
        Assert.All(english.Chapters.Concat(chinese.Chapters), c =>
        {
            Assert.NotEmpty(c.Toc);
            Assert.All(c.Toc, t => Assert.Contains($"id=\"{t.Id}\"", c.Html, StringComparison.Ordinal));
        });
    }

    [Fact]
    public void Chinese_search_for_business_model_finds_the_business_model_chapter_first()
    {
        var hits = library.SearchIndex.Search("商业模式", GuideLanguages.Chinese);

        Assert.Equal("business-model", hits[0].Slug);
        Assert.Contains("<mark>商业模式</mark>", hits[0].Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void English_search_for_business_model_finds_the_business_model_chapter_first()
    {
        var hits = library.SearchIndex.Search("business model", GuideLanguages.English);

        Assert.Equal("business-model", hits[0].Slug);
        Assert.Contains("<mark>business</mark> <mark>model</mark>", hits[0].Snippet, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("zh-CN", "风险", "risks")]
    [InlineData("en", "risk", "risks")]
    [InlineData("zh-CN", "交叉熵", "how-models-learn")]
    [InlineData("en", "cross-entropy", "how-models-learn")]
    [InlineData("en", "GDPR", "legal-and-compliance")]
    public void Searches_for_a_chapter_topic_lead_to_that_chapter(string language, string query, string slugPart)
    {
        var hits = library.SearchIndex.Search(query, language);

        Assert.Contains(slugPart, hits[0].Slug, StringComparison.Ordinal);
        Assert.NotNull(hits[0].HeadingId);
    }

    [Fact]
    public void Rendered_chapters_carry_diagrams_math_and_callouts()
    {
        var chapters = GuideLanguages.All.SelectMany(l => library.GetTree(l).Chapters).ToList();

        Assert.True(chapters.Count(c => c.Html.Contains("<figure class=\"guide-diagram\">\n<pre class=\"mermaid\">", StringComparison.Ordinal)) >= 6);
        Assert.Contains(chapters, c => c.Html.Contains("<div class=\"math\">", StringComparison.Ordinal));
        Assert.All(chapters, c => Assert.Contains("markdown-alert-tip", c.Html, StringComparison.Ordinal));
        Assert.All(chapters, c => Assert.DoesNotContain("<script", c.Html, StringComparison.Ordinal));
    }

    [Fact]
    public void Search_text_reads_formulas_without_tex_commands()
    {
        var chapters = GuideLanguages.All.SelectMany(l => library.GetTree(l).Chapters).ToList();

        Assert.Contains(chapters, c => c.PlainText.Contains("pᵢ = e^(zᵢ)/∑ⱼ e^(zⱼ)", StringComparison.Ordinal));
        Assert.All(chapters, c => Assert.DoesNotMatch(TexCommand(), c.PlainText));
    }

    [GeneratedRegex(@"\\[A-Za-z]")]
    private static partial Regex TexCommand();
}
