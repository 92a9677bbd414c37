using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Portal.Content;

/// <summary>The YAML block at the top of a chapter.</summary>
/// <param name="Title">Chapter title; the body does not repeat it as a heading.</param>
/// <param name="Part">Title of the part the chapter belongs to.</param>
/// <param name="Order">Position in the guide; equals the <c>NN</c> of the file name.</param>
/// <param name="Summary">One or two sentences on what the reader will be able to do.</param>
/// <param name="ReadingMinutes">Estimated reading time in minutes.</param>
/// <param name="RelatedTools">The portal tools the chapter leads to, in the order the chapter names them; empty for <c>none</c>.</param>
public sealed record ChapterFrontMatter(
    string Title,
    string Part,
    int Order,
    string Summary,
    int ReadingMinutes,
    IReadOnlyList<RelatedTool> RelatedTools)
{
    /// <summary>The keys a chapter's front matter must have, and no others.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["title", "part", "order", "summary", "reading_minutes", "related_tool"];

    private static readonly Dictionary<string, RelatedTool> Tools = new(StringComparer.Ordinal)
    {
        ["canvas"] = RelatedTool.Canvas,
        ["kpis"] = RelatedTool.Kpis,
        ["risks"] = RelatedTool.Risks,
        ["lab"] = RelatedTool.Lab,
        ["decisions"] = RelatedTool.Decisions,
        ["research"] = RelatedTool.Research,
        ["roadmap"] = RelatedTool.Roadmap,
        ["team"] = RelatedTool.Team,
        ["competitors"] = RelatedTool.Competitors,
        ["market"] = RelatedTool.Market,
        ["compliance"] = RelatedTool.Compliance,
        ["none"] = RelatedTool.None,
    };

    /// <summary>
    /// Parses and validates front matter. Every problem is added to <paramref name="errors"/> with its line;
    /// the result is null when any was found.
    /// </summary>
    /// <param name="yaml">The YAML between the <c>---</c> lines.</param>
    /// <param name="file">File name used in errors.</param>
    /// <param name="firstLine">1-based line of the file on which <paramref name="yaml"/> starts.</param>
    /// <param name="errors">Receives the problems found.</param>
    /// <param name="expectedOrder">When given, <c>order</c> must equal it (the file's <c>NN</c>).</param>
    public static ChapterFrontMatter? Parse(
        string yaml, string file, int firstLine, ICollection<ContentError> errors, int? expectedOrder = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(errors);

        var found = new List<ContentError>();
        void Error(int line, string message) => found.Add(new ContentError(file, line, message));
        int LineOf(Mark mark) => firstLine + (int)mark.Line - 1;

        var values = new Dictionary<string, (int Line, string? Value)>(StringComparer.Ordinal);
        try
        {
            var parser = new Parser(new StringReader(yaml));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                Error(firstLine - 1, "front matter is empty");
            }
            else
            {
                parser.Consume<DocumentStart>();
                if (!parser.TryConsume<MappingStart>(out _))
                {
                    Error(LineOf(parser.Current?.Start ?? Mark.Empty), "front matter must be 'key: value' lines");
                }
                else
                {
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        if (!parser.TryConsume<Scalar>(out var key))
                        {
                            Error(LineOf(parser.Current?.Start ?? Mark.Empty), "front matter keys must be plain words");
                            parser.SkipThisAndNestedEvents();
                            parser.SkipThisAndNestedEvents();
                            continue;
                        }

                        var line = LineOf(key.Start);
                        string? value = null;
                        if (parser.TryConsume<Scalar>(out var scalar))
                        {
                            value = scalar.Value;
                        }
                        else
                        {
                            parser.SkipThisAndNestedEvents();
                        }

                        if (!values.TryAdd(key.Value, (line, value)))
                        {
                            Error(line, $"key '{key.Value}' appears twice");
                        }
                    }
                }
            }
        }
        catch (YamlException e)
        {
            // YamlDotNet prefixes its message with the position; the error carries the line already.
            var message = e.Message;
            var cut = message.IndexOf("): ", StringComparison.Ordinal);
            Error(LineOf(e.Start), "invalid YAML: " + (cut >= 0 ? message[(cut + 3)..] : message));
            Report();
            return null;
        }

        foreach (var (key, (line, _)) in values)
        {
            if (!Keys.Contains(key))
            {
                Error(line, $"unknown key '{key}' (expected {string.Join(", ", Keys)})");
            }
        }

        var openingLine = firstLine - 1;
        string Text(string key)
        {
            if (!values.TryGetValue(key, out var entry))
            {
                Error(openingLine, $"missing required key '{key}'");
                return "";
            }

            if (string.IsNullOrWhiteSpace(entry.Value))
            {
                Error(entry.Line, $"'{key}' must be a non-empty text value");
                return "";
            }

            return entry.Value.Trim();
        }

        int Number(string key)
        {
            if (!values.TryGetValue(key, out var entry))
            {
                Error(openingLine, $"missing required key '{key}'");
                return 0;
            }

            if (!int.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                Error(entry.Line, $"'{key}' must be a positive whole number, not '{entry.Value}'");
                return 0;
            }

            return number;
        }

        var title = Text("title");
        var part = Text("part");
        var order = Number("order");
        var summary = Text("summary");
        var minutes = Number("reading_minutes");
        List<RelatedTool> tools = [];
        if (!values.TryGetValue("related_tool", out var toolEntry))
        {
            Error(openingLine, "missing required key 'related_tool'");
        }
        else
        {
            foreach (var name in (toolEntry.Value ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                if (!Tools.TryGetValue(name, out var tool))
                {
                    Error(toolEntry.Line, $"'related_tool' must be 'none' or one or more of {string.Join(", ", Tools.Keys.Where(k => k != "none"))} separated by commas, not '{toolEntry.Value}'");
                }
                else if (tool == RelatedTool.None ? toolEntry.Value?.Contains(',', StringComparison.Ordinal) == true : tools.Contains(tool))
                {
                    Error(toolEntry.Line, $"'related_tool' names '{name}' with other tools or twice: '{toolEntry.Value}'");
                }
                else if (tool != RelatedTool.None)
                {
                    tools.Add(tool);
                }
            }
        }

        if (order > 0 && expectedOrder is { } expected && order != expected)
        {
            Error(values["order"].Line, $"'order' is {order} but the file name starts with {expected:00}");
        }

        Report();
        return found.Count == 0 ? new ChapterFrontMatter(title, part, order, summary, minutes, tools) : null;

        void Report()
        {
            foreach (var error in found)
            {
                errors.Add(error);
            }
        }
    }
}
