using System.Text.RegularExpressions;
using System.Xml.Linq;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Platform;

/// <summary>
/// Every text the UI shows exists in Chinese and in English: each resource file has its twin with the same keys and
/// no empty value, and every key the code names (through a localizer, a validation error or an activity kind) exists.
/// </summary>
public sealed partial class ResourceCompletenessTests
{
    private static readonly string PortalSource = Path.Combine(Path.GetDirectoryName(PortalComponentTestContext.ContentRoot)!, "src", "Portal");

    [Fact]
    public void Each_resource_file_has_an_english_twin_with_the_same_keys_and_no_empty_value()
    {
        var families = Families();
        Assert.NotEmpty(families);
        foreach (var (family, (chinese, english)) in families)
        {
            Assert.True(chinese.Count > 0, family);
            Assert.Equal(chinese.Keys.Order(), english.Keys.Order());
            Assert.Empty(chinese.Concat(english).Where(entry => string.IsNullOrWhiteSpace(entry.Value)).Select(entry => $"{family}: {entry.Key}"));
        }
    }

    [Fact]
    public void Every_key_the_code_names_has_a_text()
    {
        var keys = Families().Values.SelectMany(f => f.Chinese.Keys).ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(PortalSource, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            var named = LocalizerKey().Matches(source).Select(m => m.Groups[1].Value)
                .Concat(ErrorKey().Matches(source).Select(m => m.Groups[1].Value))
                .Concat(ActivityKind().Matches(source).Select(m => "Activity." + m.Groups[1].Value))
                .Concat(CountedKey().Matches(source).SelectMany(m => new[] { m.Groups[1].Value, m.Groups[1].Value + ".One" }));
            missing.AddRange(named.Where(key => !keys.Contains(key)).Select(key => $"{Path.GetFileName(file)}: {key}"));
            missing.AddRange(KeyPrefix().Matches(source).Select(m => m.Groups[1].Value)
                .Where(prefix => !keys.Any(key => key.StartsWith(prefix, StringComparison.Ordinal)))
                .Select(prefix => $"{Path.GetFileName(file)}: {prefix}…"));
        }

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing.Distinct()));
    }

    [Fact]
    public void No_chinese_text_is_written_in_the_code_outside_the_resource_files()
    {
        // The one exception reads input, not shows it: a pasted KPI table may head its date column 日期.
        var allowed = new[] { "cells[0] == \"日期\"", "(or \"日期\")" };
        var written = Directory.EnumerateFiles(PortalSource, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}lib{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, index) => (File: Path.GetFileName(f), Number: index + 1, Line: line)))
            .Where(l => Chinese().IsMatch(l.Line) && !allowed.Any(a => l.Line.Contains(a, StringComparison.Ordinal)))
            .Select(l => $"{l.File}:{l.Number}: {l.Line.Trim()}");

        Assert.Empty(written);
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    /// <summary>Each resource family (UiStrings, AccountText, …) with its Chinese (default) and English texts.</summary>
    private static Dictionary<string, (Dictionary<string, string> Chinese, Dictionary<string, string> English)> Families() =>
        Directory.EnumerateFiles(Path.Combine(PortalSource, "Resources"), "*.resx")
            .Where(f => !f.EndsWith(".en.resx", StringComparison.Ordinal))
            .ToDictionary(
                f => Path.GetFileNameWithoutExtension(f),
                f => (Read(f), Read(Path.ChangeExtension(f, ".en.resx"))));

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    /// <summary>A literal key given to a localizer: <c>L["Key"]</c>, <c>T["Key", …]</c>, <c>text["Key"]</c>.</summary>
    [GeneratedRegex(@"\b(?:L|T|text|shared|kpiText|labText)\[""([A-Za-z][A-Za-z0-9_.]*)""")]
    private static partial Regex LocalizerKey();

    /// <summary>The message key of a validation error: <c>new FieldError("Field", "Key", …)</c>, <c>InputRejectedException("Field", "Key", …)</c>, <c>checks.Expect(…, "Field", "Key")</c>.</summary>
    [GeneratedRegex(@"(?:FieldError|InputRejectedException|Expect)\([^;]*?""[A-Za-z]*"", ""([A-Z][A-Za-z0-9]*\.[A-Za-z0-9_.]+)""")]
    private static partial Regex ErrorKey();

    /// <summary>An activity kind as the services record it ("kpi.created"): shown through the key "Activity." + kind.</summary>
    [GeneratedRegex(@"(?:ActivityService\.Record|SaveMembershipChangeAsync)\([^;]*?""([a-z]+\.[a-z]+(?:\.[a-z]+)?)""")]
    private static partial Regex ActivityKind();

    /// <summary>A text about a count, <c>T.Counted("Key", count, …)</c>: the key and its ".One" form for exactly 1.</summary>
    [GeneratedRegex(@"\.Counted\(""([A-Za-z][A-Za-z0-9_.]*)""")]
    private static partial Regex CountedKey();

    /// <summary>A key built at run time, <c>L[$"Workspace.Role.{role}"]</c>: some key must start with its fixed part.</summary>
    [GeneratedRegex(@"\b(?:L|T|text|shared|kpiText|labText)\[\$""([A-Za-z][A-Za-z0-9_.]*)\{")]
    private static partial Regex KeyPrefix();
}
