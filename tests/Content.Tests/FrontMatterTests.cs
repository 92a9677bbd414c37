namespace Portal.Content.Tests;

public sealed class FrontMatterTests
{
    private const string File = "guide/en/04-business-model.md";

    private static (ChapterFrontMatter? FrontMatter, List<ContentError> Errors) Parse(string yaml, int? expectedOrder = 4)
    {
        var errors = new List<ContentError>();
        return (ChapterFrontMatter.Parse(yaml, File, firstLine: 2, errors, expectedOrder), errors);
    }

    [Fact]
    public void Valid_front_matter_is_parsed_into_typed_values()
    {
        var (frontMatter, errors) = Parse("""
            title: "Designing the business model: an AI company"
            part: Part 2 · Strategy
            order: 4
            summary: Learn to fill the canvas.
            reading_minutes: 9
            related_tool: canvas
            """);

        Assert.Empty(errors);
        Assert.Equal(
            new ChapterFrontMatter("Designing the business model: an AI company", "Part 2 · Strategy", 4, "Learn to fill the canvas.", 9, frontMatter!.RelatedTools),
            frontMatter);
        Assert.Equal([RelatedTool.Canvas], frontMatter.RelatedTools);
    }

    [Theory]
    [InlineData("kpis, roadmap", new[] { RelatedTool.Kpis, RelatedTool.Roadmap })]
    [InlineData("team", new[] { RelatedTool.Team })]
    [InlineData("research,decisions", new[] { RelatedTool.Research, RelatedTool.Decisions })]
    [InlineData("none", new RelatedTool[0])]
    public void A_chapter_may_lead_to_several_tools_in_its_own_order(string value, RelatedTool[] expected)
    {
        var (frontMatter, errors) = Parse($"""
            title: T
            part: P
            order: 4
            summary: S
            reading_minutes: 9
            related_tool: {value}
            """);

        Assert.Empty(errors);
        Assert.Equal(expected, frontMatter!.RelatedTools);
    }

    [Theory]
    [InlineData("kpis, kpis")]
    [InlineData("none, kpis")]
    [InlineData("kpis, none")]
    [InlineData("kpis, ")]
    public void A_tool_named_twice_with_none_or_left_empty_is_refused(string value)
    {
        var (frontMatter, errors) = Parse($"""
            title: T
            part: P
            order: 4
            summary: S
            reading_minutes: 9
            related_tool: {value}
            """);

        Assert.Null(frontMatter);
        Assert.Contains("'related_tool'", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_key_is_reported_at_the_opening_line()
    {
        var (frontMatter, errors) = Parse("""
            title: T
            part: P
            order: 4
            reading_minutes: 9
            related_tool: none
            """);

        Assert.Null(frontMatter);
        var error = Assert.Single(errors);
        Assert.Equal(new ContentError(File, 1, "missing required key 'summary'"), error);
    }

    [Fact]
    public void Unknown_related_tool_is_reported_with_its_line()
    {
        var (frontMatter, errors) = Parse("""
            title: T
            part: P
            order: 4
            summary: S
            reading_minutes: 9
            related_tool: spreadsheet
            """);

        Assert.Null(frontMatter);
        var error = Assert.Single(errors);
        Assert.Equal(File, error.File);
        Assert.Equal(7, error.Line);
        Assert.Contains("'related_tool' must be 'none' or one or more of canvas, kpis, risks, lab, decisions, research, roadmap, team, competitors, market, compliance separated by commas", error.Message, StringComparison.Ordinal);
        Assert.Equal($"{File}:7: {error.Message}", error.ToString());
    }

    [Fact]
    public void Order_must_match_the_number_in_the_file_name()
    {
        var (_, errors) = Parse("""
            title: T
            part: P
            order: 5
            summary: S
            reading_minutes: 9
            related_tool: none
            """);

        var error = Assert.Single(errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("starts with 04", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_types_unknown_and_duplicate_keys_are_each_reported()
    {
        var (frontMatter, errors) = Parse("""
            title: T
            part: P
            order: four
            summary: S
            reading_minutes: 0
            related_tool: lab
            author: me
            title: again
            """);

        Assert.Null(frontMatter);
        Assert.Contains(errors, e => e.Line == 4 && e.Message.Contains("'order' must be a positive whole number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 6 && e.Message.Contains("'reading_minutes' must be a positive whole number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 8 && e.Message.Contains("unknown key 'author'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 9 && e.Message.Contains("'title' appears twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_yaml_is_reported_with_the_line_of_the_problem()
    {
        var (frontMatter, errors) = Parse("""
            title: T
            part: P: with an unquoted colon
            """);

        Assert.Null(frontMatter);
        var error = Assert.Single(errors);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chapter_without_front_matter_is_an_error_on_line_one()
    {
        var rendered = new Rendering.ChapterRenderer().Render("## Just a heading\n", File);

        Assert.Null(rendered.FrontMatter);
        var error = Assert.Single(rendered.Errors);
        Assert.Equal(1, error.Line);
        Assert.StartsWith("missing front matter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Renderer_reports_front_matter_errors_with_file_lines()
    {
        var markdown = TestContent.Chapter(4, "T", "## Body", tool: "dashboard");

        var rendered = new Rendering.ChapterRenderer().Render(markdown, File);

        var error = Assert.Single(rendered.Errors);
        Assert.Equal(7, error.Line);
        Assert.Equal("related_tool: dashboard", markdown.Split('\n')[error.Line - 1]);
    }
}
