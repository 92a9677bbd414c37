using Portal.Content.Rendering;

namespace Portal.Content.Tests;

/// <summary>
/// Markdown in, HTML out, as files under <c>Golden/{language}/</c>: <c>NN-name.md</c> renders to <c>NN-name.html</c>.
/// After an intended change in the output, run the tests with <c>UPDATE_GOLDEN=1</c> and review the diff.
/// </summary>
public sealed class GoldenTests
{
    private static readonly string GoldenRoot = Path.Combine(TestContent.RepositoryRoot, "tests", "Content.Tests", "Golden");

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(GoldenRoot, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            cases.Add(Path.GetRelativePath(GoldenRoot, file).Replace('\\', '/'));
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Markdown_renders_to_the_expected_html(string name)
    {
        var markdown = File.ReadAllText(Path.Combine(GoldenRoot, name)).ReplaceLineEndings("\n");
        var expectedPath = Path.Combine(GoldenRoot, Path.ChangeExtension(name, ".html"));

        var actual = new ChapterRenderer().Render(markdown, $"guide/{name}").Html;

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(expectedPath, actual);
        }

        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run with UPDATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
    }

    [Fact]
    public void There_are_at_least_three_golden_cases()
    {
        Assert.True(Cases().Count >= 3);
    }
}
