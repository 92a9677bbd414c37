using AngleSharp.Html.Parser;
using Markdig;
using Portal.Infrastructure;

namespace Portal.Tests.Plan;

public sealed class MarkdownEscapingTests
{
    // What a reader's Markdown viewer might do with the exported file: raw HTML on, every common extension on.
    private static readonly MarkdownPipeline Viewer = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("![x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[x]( VBScript:msgbox(1) )")]
    [InlineData("\\[x\\](javascript:alert(1))")]
    [InlineData("[x][ref]\n\n[ref]: javascript:alert(1)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[x](jav&#x61;script:alert(1))")]
    [InlineData("<img src=x onerror=alert(1)>")]
    public void User_text_in_an_export_becomes_neither_html_nor_a_link(string text)
    {
        var html = new HtmlParser().ParseDocument(Markdown.ToHtml(UserMarkdown.EscapeText(text), Viewer));

        Assert.Empty(html.QuerySelectorAll("script, img, a, iframe, [onerror]"));
        Assert.Equal(Words(text), Words(html.Body?.TextContent ?? ""));
    }

    [Fact]
    public void Ordinary_text_stays_readable() =>
        Assert.Equal("Loom makers, R&amp;D partners (two) - 20% off!", UserMarkdown.EscapeText("Loom makers, R&D partners (two) - 20% off!"));

    [Fact]
    public void A_table_cell_keeps_its_pipes_and_stays_on_one_line() =>
        Assert.Equal("a \\| b c &lt;i&gt;", UserMarkdown.EscapeTableCell("a | b\nc <i>"));

    // The text as read: paragraphs and line breaks aside.
    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
