using Portal.Content.Search;

namespace Portal.Content.Tests;

public sealed class SearchTests : IDisposable
{
    private readonly TempContentFolder content = new TempContentFolder()
        .WriteBoth("01-ai-model-basics.md",
            TestContent.Chapter(1, "AI 模型基础", """
                ## 模型是什么

                模型是一个函数。很多创业公司会在商业计划里写“用模型降低成本”，但商业上的模式并不清楚。

                ## 风险

                模型也有风险。
                """),
            TestContent.Chapter(1, "AI foundations", """
                ## What a model is

                A model is a function. Many startups write "cut costs with models" in their plans.

                ## Training

                Training adjusts weights. The training loop runs for many epochs.
                """))
        .WriteBoth("02-business-model.md",
            TestContent.Chapter(2, "设计 AI 公司的商业模式", """
                ## 九个模块

                画布有九个模块。

                ## 收入来源

                按席位收费或者按用量收费。
                """, summary: "用画布设计收入。"),
            TestContent.Chapter(2, "Designing the business model", """
                ## The nine blocks

                The canvas has nine blocks.

                ## Revenue streams

                Charge per seat or per use. Pricing `<experiments>` & tests.
                """, summary: "Plan revenue with the canvas."))
        .WriteBoth("03-growth.md",
            TestContent.Chapter(3, "增长", """
                ## 渠道

                增长来自渠道。商业模式决定获客成本，商业模式也决定留存，商业模式还决定定价，商业模式无处不在。

                ## 定价实验

                每月做一次定价实验。
                """),
            TestContent.Chapter(3, "Growth", """
                ## Channels

                Growth comes from channels. The business model decides acquisition cost; the business model decides retention; the business model is everywhere, business model again.

                ## Pricing experiments

                Run one pricing experiment a month; experimenting beats guessing.
                """));

    private readonly ContentLibrary library;

    public SearchTests() => library = content.Open();

    public void Dispose()
    {
        library.Dispose();
        content.Dispose();
    }

    [Fact]
    public void Chinese_query_matches_inside_words_and_a_title_hit_outranks_body_hits()
    {
        var hits = library.SearchIndex.Search("商业模式", "zh-CN");

        Assert.Equal(["business-model", "growth"], hits.Select(h => h.Slug).Take(2));
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.Equal("设计 AI 公司的商业模式", hits[0].Title);
    }

    [Fact]
    public void English_query_matches_word_forms_and_a_title_hit_outranks_body_hits()
    {
        var hits = library.SearchIndex.Search("business models", "en");

        Assert.Equal("business-model", hits[0].Slug);
        Assert.Equal("growth", hits[1].Slug);
    }

    [Fact]
    public void Stemming_finds_other_forms_of_a_word_and_the_section_that_holds_them()
    {
        var hits = library.SearchIndex.Search("experiments ", "en");

        var hit = hits[0];
        Assert.Equal("growth", hit.Slug);
        Assert.Contains(hits, h => h.Slug == "business-model");
        Assert.Equal("pricing-experiments", hit.HeadingId);
        Assert.Equal("Pricing experiments", hit.HeadingText);
        Assert.Equal("Run one pricing <mark>experiment</mark> a month; <mark>experimenting</mark> beats guessing.", hit.Snippet);
    }

    [Fact]
    public void Last_word_still_being_typed_matches_as_a_prefix()
    {
        var hits = library.SearchIndex.Search("revenue str", "en");

        Assert.Equal("business-model", hits[0].Slug);
        Assert.Equal("revenue-streams", hits[0].HeadingId);
        Assert.Equal("growth", library.SearchIndex.Search("experim", "en")[0].Slug);
    }

    [Fact]
    public void One_chinese_character_matches_on_its_own()
    {
        var hits = library.SearchIndex.Search("席", "zh-CN");

        var hit = Assert.Single(hits);
        Assert.Equal(("business-model", "收入来源"), (hit.Slug, hit.HeadingId));
        Assert.Equal("按<mark>席</mark>位收费或者按用量收费。", hit.Snippet);
    }

    [Fact]
    public void Snippet_marks_the_match_and_escapes_everything_else()
    {
        var hit = library.SearchIndex.Search("pricing", "en").Single(h => h.Slug == "business-model");

        Assert.Equal("revenue-streams", hit.HeadingId);
        Assert.Equal("Charge per seat or per use. <mark>Pricing</mark> &lt;experiments&gt; &amp; tests.", hit.Snippet);
    }

    [Fact]
    public void Chinese_snippet_marks_the_whole_phrase_once()
    {
        var hit = library.SearchIndex.Search("定价实验", "zh-CN")[0];

        Assert.Equal(("growth", "定价实验"), (hit.Slug, hit.HeadingId));
        Assert.Equal("每月做一次<mark>定价实验</mark>。", hit.Snippet);
    }

    [Fact]
    public void Title_only_match_points_at_no_heading_and_quotes_the_summary()
    {
        var hit = Assert.Single(library.SearchIndex.Search("designing", "en"));

        Assert.Null(hit.HeadingId);
        Assert.Equal("Plan revenue with the canvas.", hit.Snippet);
    }

    [Fact]
    public void Languages_are_searched_separately()
    {
        Assert.Empty(library.SearchIndex.Search("商业模式", "en"));
        Assert.Empty(library.SearchIndex.Search("canvas", "zh-CN"));
        Assert.Empty(library.SearchIndex.Search("canvas", "fr"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("the of and ")]
    [InlineData("!!! ???")]
    [InlineData("zebra")]
    public void Queries_without_matches_return_nothing(string query)
    {
        Assert.Empty(library.SearchIndex.Search(query, "en"));
    }

    [Fact]
    public void Limit_caps_the_hits()
    {
        Assert.Single(library.SearchIndex.Search("model", "en", limit: 1));
        Assert.Empty(library.SearchIndex.Search("model", "en", limit: 0));
    }
}

public sealed class SearchIndexTests
{
    [Fact]
    public void Index_can_be_built_from_chapters_made_outside_the_library()
    {
        var frontMatter = new ChapterFrontMatter("Pricing AI products", "Part 2", 4, "Set prices that cover inference.", 5, [RelatedTool.Canvas]);
        var chapter = new Chapter("pricing", "en", "guide/en/04-pricing.md", frontMatter, "<p>x</p>", [], "Usage-based pricing follows inference cost.", null, null);

        var hit = Assert.Single(new ContentSearchIndex([chapter]).Search("inference", "en"));

        Assert.Equal("pricing", hit.Slug);
        Assert.Null(hit.HeadingId);
        Assert.Equal("Set prices that cover <mark>inference</mark>. Usage-based pricing follows <mark>inference</mark> cost.", hit.Snippet);
    }

    [Fact]
    public void Empty_index_finds_nothing()
    {
        Assert.Empty(ContentSearchIndex.Empty.Search("anything", "en"));
    }
}

public sealed class MathSnippetTests : IDisposable
{
    private readonly TempContentFolder content = new TempContentFolder()
        .WriteBoth("01-how-models-learn.md",
            TestContent.Chapter(1, "模型如何学习", """
                ## Softmax 与交叉熵

                Softmax 把 logits $z_1, \dots, z_C$ 变成概率 $p_i = e^{z_i}/\sum_j e^{z_j}$，损失是 $L = -\log p_{\text{true}}$。

                $$
                L = -\sum_{i=1}^{C} y_i \log p_i
                $$
                """),
            TestContent.Chapter(1, "How models learn", """
                ## Softmax and cross-entropy

                Softmax turns the logits $z_1, \dots, z_C$ into probabilities, $p_i = e^{z_i}/\sum_j e^{z_j}$, and the loss is $L = -\log p_{\text{true}}$; a learning rate of $10^{-3}$ updates $w \leftarrow w - \eta \, \frac{\partial L}{\partial w}$.

                $$
                L = -\sum_{i=1}^{C} y_i \log p_i
                $$
                """));

    private readonly ContentLibrary library;

    public MathSnippetTests() => library = content.Open();

    public void Dispose()
    {
        library.Dispose();
        content.Dispose();
    }

    [Theory]
    [InlineData("softmax probabilities", "en", "pᵢ = e^(zᵢ)/∑ⱼ e^(zⱼ)")]
    [InlineData("learning rate", "en", "w ← w - η ∂L/∂w")]
    [InlineData("概率", "zh-CN", "pᵢ = e^(zᵢ)/∑ⱼ e^(zⱼ)")]
    public void Snippets_read_formulas_as_plain_text_without_tex_commands_or_dollars(string query, string language, string formula)
    {
        var hit = Assert.Single(library.SearchIndex.Search(query, language));

        Assert.DoesNotContain("\\", hit.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("$", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains(formula, hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void English_snippet_shows_the_formulas_as_a_reader_would_type_them()
    {
        var hit = Assert.Single(library.SearchIndex.Search("learning rate", "en"));

        Assert.Equal(
            "…and the loss is L = -log p_(true); a <mark>learning</mark> <mark>rate</mark> of 10⁻³ updates w ← w - η ∂L/∂w.",
            hit.Snippet);
    }
}
