using Markdig.Extensions.Alerts;
using Markdig.Helpers;
using Markdig.Renderers;

namespace Portal.Content.Rendering.Alerts;

/// <summary>
/// Writes the title line of a GitHub alert (<c>&gt; [!TIP]</c>) in the chapter's language, keeping the icon
/// Markdig's alert extension draws.
/// </summary>
internal static class AlertTitles
{
    private static readonly Dictionary<string, string> Chinese = new(StringComparer.OrdinalIgnoreCase)
    {
        ["NOTE"] = "说明",
        ["TIP"] = "提示",
        ["IMPORTANT"] = "重要",
        ["WARNING"] = "警告",
        ["CAUTION"] = "注意",
    };

    /// <summary>Markdig's own title markup per kind, cut just before the English label, computed once.</summary>
    private static readonly Dictionary<string, (string Prefix, string Label)> Defaults = BuildDefaults();

    public static Action<HtmlRenderer, StringSlice> For(string language) => (renderer, kind) =>
    {
        var key = kind.ToString();
        if (!Defaults.TryGetValue(key, out var markup))
        {
            return;
        }

        var label = language == GuideLanguages.Chinese && Chinese.TryGetValue(key, out var chinese) ? chinese : markup.Label;
        renderer.Write(markup.Prefix).Write(label).WriteLine("</p>");
    };

    private static Dictionary<string, (string, string)> BuildDefaults()
    {
        var defaults = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var kind in (string[])["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"])
        {
            using var writer = new StringWriter();
            AlertBlockRenderer.DefaultRenderKind(new HtmlRenderer(writer), new StringSlice(kind));
            var html = writer.ToString().TrimEnd();
            var labelStart = html.LastIndexOf('>', html.Length - "</p>".Length - 1) + 1;
            defaults[kind] = (html[..labelStart], html[labelStart..^"</p>".Length]);
        }

        return defaults;
    }
}
