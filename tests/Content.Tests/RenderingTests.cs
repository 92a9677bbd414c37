using Portal.Content.Rendering;

namespace Portal.Content.Tests;

public sealed class RenderingTests
{
    private static readonly ChapterRenderer Renderer = new();

    private static RenderedChapter Render(string body, string file = "guide/en/01-test.md") =>
        Renderer.Render(TestContent.Chapter(1, "Test", body), file);

    [Fact]
    public void Chinese_heading_gets_a_stable_id()
    {
        var rendered = Render("## 算一算：条款通的单位经济模型\n\n## AI 为什么会改变商业模式\n", "guide/zh-CN/01-test.md");

        Assert.Contains("<h2 id=\"算一算条款通的单位经济模型\">", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"ai-为什么会改变商业模式\">", rendered.Html, StringComparison.Ordinal);
        Assert.Equal(rendered.Html, Render("## 算一算：条款通的单位经济模型\n\n## AI 为什么会改变商业模式\n", "guide/zh-CN/01-test.md").Html);
    }

    [Theory]
    [InlineData("Where is the moat?", "where-is-the-moat")]
    [InlineData("Worked example: Clausewise's unit economics", "worked-example-clausewises-unit-economics")]
    [InlineData("GDPR, CCPA and PIPL — side by side", "gdpr-ccpa-and-pipl-side-by-side")]
    [InlineData("A/B testing in `prod`", "ab-testing-in-prod")]
    [InlineData("第一部分 · AI 模型基础", "第一部分-ai-模型基础")]
    [InlineData("衡量“错得多离谱”：softmax 与交叉熵", "衡量错得多离谱softmax-与交叉熵")]
    [InlineData("ＡＩ　全角", "ai-全角")]
    [InlineData("!!!", "section")]
    public void Heading_ids_keep_letters_of_every_script_and_drop_punctuation(string heading, string id)
    {
        var rendered = Render($"## {heading}\n");

        Assert.Equal(id, Assert.Single(rendered.Toc).Id);
    }

    [Fact]
    public void Duplicate_headings_get_numbered_ids()
    {
        var rendered = Render("## 检查清单\n\n### 检查清单\n\n## 检查清单\n\n## 检查清单-2\n", "guide/zh-CN/01-test.md");

        Assert.Equal(["检查清单", "检查清单-2", "检查清单-3", "检查清单-2-2"], rendered.Toc.Select(t => t.Id));
    }

    [Fact]
    public void Table_of_contents_lists_h2_and_h3_in_order_with_plain_text()
    {
        var rendered = Render("## One *emphasis*\n\n### Two `code`\n\n#### Deep\n\n## Three [link](https://example.com)\n");

        Assert.Equal(
            [new TocEntry(2, "one-emphasis", "One emphasis"), new TocEntry(3, "two-code", "Two code"), new TocEntry(2, "three-link", "Three link")],
            rendered.Toc);
        Assert.Contains("<h4 id=\"deep\">", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("deep", rendered.HeadingIds);
    }

    [Fact]
    public void Mermaid_block_becomes_a_pre_that_mermaid_run_takes_with_its_source_escaped_in_a_figure_the_viewer_opens()
    {
        var rendered = Render("```mermaid\nflowchart LR\n    A[\"<b>x</b> & y\"] --> B\n```\n");

        Assert.Equal(
            "<figure class=\"guide-diagram\">\n<pre class=\"mermaid\">flowchart LR\n    A[\"&lt;b&gt;x&lt;/b&gt; &amp; y\"] --&gt; B\n</pre>\n</figure>\n",
            rendered.Html);
    }

    [Fact]
    public void Only_diagrams_are_put_in_figures()
    {
        var rendered = Render("```csharp\nvar x = 1;\n```\n\n    indented\n\n```mermaid\ngraph TD; A-->B\n```\n");

        Assert.Equal(1, rendered.Html.Split("<figure").Length - 1);
        Assert.Contains("<pre><code class=\"language-csharp\">var x = 1;\n</code></pre>\n<pre><code>indented\n</code></pre>\n<figure", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Math_is_emitted_with_the_delimiters_katex_auto_render_looks_for()
    {
        var rendered = Render("Inline $a < b$ here.\n\n$$\nL = -\\sum_i y_i \\log p_i\n$$\n");

        Assert.Contains("<span class=\"math\">\\(a &lt; b\\)</span>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"math\">\n\\[\nL = -\\sum_i y_i \\log p_i\n\\]</div>", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_blocks_keep_their_language_class()
    {
        var rendered = Render("```csharp\nvar x = a < b;\n```\n");

        Assert.Contains("<pre><code class=\"language-csharp\">var x = a &lt; b;\n</code></pre>", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Alerts_render_as_github_does_with_titles_in_the_chapter_language()
    {
        const string body = "> [!TIP]\n> Do this.\n\n> [!WARNING]\n> Not that.\n\n> [!NOTE]\n> By the way.\n";

        var english = Render(body);
        var chinese = Render(body, "guide/zh-CN/01-test.md");

        Assert.Contains("<div class=\"markdown-alert markdown-alert-tip\">", english.Html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"markdown-alert markdown-alert-warning\">", english.Html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"markdown-alert markdown-alert-note\">", english.Html, StringComparison.Ordinal);
        Assert.Contains("</svg>Tip</p>", english.Html, StringComparison.Ordinal);
        Assert.Contains("</svg>提示</p>", chinese.Html, StringComparison.Ordinal);
        Assert.Contains("</svg>警告</p>", chinese.Html, StringComparison.Ordinal);
        Assert.Contains("</svg>说明</p>", chinese.Html, StringComparison.Ordinal);
        Assert.Contains("<svg viewBox=\"0 0 16 16\"", chinese.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_are_wrapped_and_aligned_with_classes_instead_of_styles()
    {
        var rendered = Render("| Item | Cost |\n|:-----|-----:|\n| GPU | 3 |\n");

        Assert.Contains("<div class=\"table-wrapper\">\n<table>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<th class=\"align-left\">Item</th>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"align-right\">3</td>", rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Task_lists_render_as_disabled_checkboxes()
    {
        var rendered = Render("- [ ] open\n- [x] done\n");

        Assert.Contains("<li class=\"task-list-item\"><input disabled=\"disabled\" type=\"checkbox\"> open</li>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<input disabled=\"disabled\" type=\"checkbox\" checked=\"checked\"> done", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_holds_headings_and_prose_but_no_markup_math_or_diagrams()
    {
        var rendered = Render("## Heading\n\nSome **bold** text and $x^2$ math.\n\n```mermaid\ngraph TD; A-->B\n```\n\n<div>raw</div>\n");

        Assert.Equal("Heading\nSome bold text and x² math.", rendered.PlainText);
    }

    [Theory]
    [InlineData(@"\text{ReLU}(x) = \max(0, x)", "ReLU(x) = max(0, x)")]
    [InlineData(@"p_i = e^{z_i}/\sum_j e^{z_j}", "pᵢ = e^(zᵢ)/∑ⱼ e^(zⱼ)")]
    [InlineData(@"L = -\log p_{\text{true}}", "L = -log p_(true)")]
    [InlineData(@"\frac{\partial L}{\partial w}", "∂L/∂w")]
    [InlineData(@"\frac{a + b}{2}", "(a + b)/2")]
    [InlineData(@"30\% \times 18/48 = 11.25\%", "30% × 18/48 = 11.25%")]
    [InlineData(@"32 \times 13 \times 13 = 5{,}408", "32 × 13 × 13 = 5,408")]
    [InlineData(@"z = (2.0,\ 1.0,\ 0.1)", "z = (2.0, 1.0, 0.1)")]
    [InlineData(@"\alpha + \beta \le \Omega", "α + β ≤ Ω")]
    [InlineData(@"-\ln 0.1 \approx 2.303", "-ln 0.1 ≈ 2.303")]
    [InlineData(@"3^{1/4} - 1", "3^(1/4) - 1")]
    [InlineData(@"\bigl\lvert x\bigr\rvert \mathcal{Q} \unknown", "|x| Q")]
    [InlineData(@"\sqrt{2}", "√2")]
    public void Inline_math_reads_as_plain_text_with_no_tex_commands(string tex, string text)
    {
        var rendered = Render($"A ${tex}$ b\n");

        Assert.Equal($"A {text} b", rendered.PlainText);
    }
}
