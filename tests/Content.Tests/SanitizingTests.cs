using Portal.Content.Rendering;

namespace Portal.Content.Tests;

public sealed class SanitizingTests
{
    private static string Html(string body) =>
        new ChapterRenderer().Render(TestContent.Chapter(1, "Raw", body), "guide/en/01-raw.md").Html;

    [Fact]
    public void Script_tags_are_removed_with_their_content()
    {
        var html = Html("Before\n\n<script>alert('x')</script>\n\nAfter <script src=\"https://evil.example/x.js\"></script>");

        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", html, StringComparison.Ordinal);
        Assert.Contains("<p>Before</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Event_handler_attributes_are_removed()
    {
        var html = Html("<img src=\"x.png\" onerror=\"alert(1)\">\n\n<p onclick=\"steal()\" onmouseover=\"x()\">hi</p>\n\n<svg onload=\"alert(1)\"><path d=\"M0 0\" /></svg>");

        Assert.DoesNotContain("onerror", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onclick", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onmouseover", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onload", html, StringComparison.Ordinal);
        Assert.Contains("<p>hi</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Javascript_urls_are_removed_from_markdown_and_html_links()
    {
        var html = Html("[click](javascript:alert(1))\n\n<a href=\"JaVaScRiPt:alert(2)\">raw</a>\n\n<a href=\"java&#x09;script:alert(3)\">tab</a>\n\n![i](javascript:alert(4))\n\n<a href=\"data:text/html,<script>alert(5)</script>\">data</a>");

        Assert.DoesNotContain("javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data:", html, StringComparison.Ordinal);
        Assert.Contains(">click</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Frames_forms_styles_and_other_inputs_are_removed()
    {
        var html = Html("<iframe src=\"https://example.org\"></iframe>\n\n<object data=\"x.swf\"></object><embed src=\"x\">\n\n<form action=\"/steal\"><input type=\"password\" name=\"p\"><button>Go</button></form>\n\n<p style=\"position:fixed;top:0\">covered</p>\n\n<style>body{display:none}</style>\n\n<input type=\"checkbox\" checked>\n\n<p><input type=\"text\" value=\"typed\"></p>");

        foreach (var banned in (string[])["iframe", "object", "embed", "form", "password", "button", "style", "position", "text", "typed"])
        {
            Assert.DoesNotContain(banned, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("<p>covered</p>", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"checkbox\" checked=\"\" disabled=\"disabled\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_links_that_open_a_new_tab_cannot_reach_the_opener()
    {
        var html = Html("<a href=\"https://example.org\" target=\"_top\" rel=\"opener\">x</a>");

        Assert.Contains("<a href=\"https://example.org\" target=\"_blank\" rel=\"noopener noreferrer\">x</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Renderer_markup_survives_sanitizing_next_to_hostile_html()
    {
        var html = Html("""
            ## Safe heading

            > [!TIP]
            > A tip with <img src=x onerror=alert(1)>

            ```mermaid
            graph TD; A["<script>alert(1)</script>"] --> B
            ```

            Inline $e^{x}$ and

            $$
            L = -\log p
            $$

            - [x] checked
            """);

        Assert.Contains("<h2 id=\"safe-heading\">Safe heading</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"markdown-alert markdown-alert-tip\">", html, StringComparison.Ordinal);
        Assert.Contains("<svg viewBox=\"0 0 16 16\" version=\"1.1\" width=\"16\" height=\"16\" aria-hidden=\"true\"><path d=\"M8 1.5c", html, StringComparison.Ordinal);
        Assert.Contains("<pre class=\"mermaid\">graph TD; A[\"&lt;script&gt;alert(1)&lt;/script&gt;\"] --&gt; B\n</pre>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"math\">\\(e^{x}\\)</span>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"math\">\n\\[\nL = -\\log p\n\\]</div>", html, StringComparison.Ordinal);
        Assert.Contains("<input disabled=\"disabled\" type=\"checkbox\" checked=\"checked\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }
}
