using System.Globalization;
using System.Resources;
using Portal.Infrastructure;

namespace Portal.Features.Roadmap.Import;

/// <summary>
/// A task read from a Trello card or a Jira issue, not yet stored. <see cref="GroupKey"/> names the list or status it
/// came from; the preview's mapping of that group decides its column.
/// </summary>
public sealed record ImportedTask(
    string Source,
    string Title,
    string Description,
    string GroupKey,
    DateOnly? StartOn,
    DateOnly? DueOn,
    double? EstimateDays,
    string? AssigneeName,
    string? AssigneeEmail);

/// <summary>A Trello list or a Jira status, the column it goes to (null: not imported) and how many tasks it holds.</summary>
public sealed record ImportGroup(string Key, string Name, RoadmapTaskStatus? Column, int TaskCount)
{
    /// <summary>Whether the column was found from the name; a group the user maps themselves is no longer "unmapped".</summary>
    public bool Guessed { get; init; }
}

/// <summary>
/// Something in the file the import could not take as it was: a row or card left out, a value shortened, a date not
/// understood. <paramref name="Where"/> is a line number for CSV ("12") or a JSON path ("$.cards[3].name").
/// </summary>
public sealed record ImportProblem(string Where, string MessageKey, params object[] Arguments);

/// <summary>What a file would import: the same shape whether it came from Trello or from Jira.</summary>
public sealed record RoadmapImportPreview(
    string Format,
    IReadOnlyList<ImportedTask> Tasks,
    IReadOnlyList<ImportGroup> Groups,
    int ArchivedSkipped,
    IReadOnlyList<ImportProblem> Problems)
{
    public const string Trello = "trello";
    public const string Jira = "jira";

    /// <summary>The same preview with <paramref name="groupKey"/> sent to <paramref name="column"/> (null: not imported).</summary>
    public RoadmapImportPreview WithColumn(string groupKey, RoadmapTaskStatus? column) =>
        this with { Groups = [.. Groups.Select(g => g.Key == groupKey ? g with { Column = column, Guessed = false } : g)] };

    /// <summary>The groups with no column: their tasks are left out of the import.</summary>
    public IReadOnlyList<ImportGroup> Unmapped => [.. Groups.Where(g => g.Column is null)];

    /// <summary>Each task that goes to a column, with that column.</summary>
    public IReadOnlyList<(ImportedTask Task, RoadmapTaskStatus Column)> Mapped()
    {
        var columns = Groups.Where(g => g.Column is not null).ToDictionary(g => g.Key, g => g.Column!.Value, StringComparer.Ordinal);
        return [.. Tasks.Where(t => columns.ContainsKey(t.GroupKey)).Select(t => (t, columns[t.GroupKey]))];
    }

    /// <summary>The groups of <paramref name="tasks"/> in the order first seen, each with its guessed column.</summary>
    internal static List<ImportGroup> GroupsOf(IEnumerable<(string Key, string Name)> groups, IReadOnlyList<ImportedTask> tasks)
    {
        var counts = tasks.GroupBy(t => t.GroupKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. groups.DistinctBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var column = RoadmapColumnNames.Guess(g.Name);
            return new ImportGroup(g.Key, g.Name, column, counts.GetValueOrDefault(g.Key)) { Guessed = column is not null };
        })];
    }
}

/// <summary>
/// The usual names of board columns in Trello lists and Jira statuses, in every language the portal speaks: each
/// language's resource file lists them (RoadmapImportText, "Names.{column}", separated by "|"), so a Chinese list is
/// recognised whatever language the reader has chosen.
/// </summary>
public static class RoadmapColumnNames
{
    private static readonly Lazy<Dictionary<string, RoadmapTaskStatus>> Known = new(Load);

    /// <summary>The column a list or status name usually means, ignoring case, spaces, dashes and underscores; null if none.</summary>
    public static RoadmapTaskStatus? Guess(string? name) => Known.Value.TryGetValue(Normalize(name), out var column) ? column : null;

    private static string Normalize(string? name) =>
        new string([.. (name ?? "").Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '_'))]).ToLowerInvariant();

    private static Dictionary<string, RoadmapTaskStatus> Load()
    {
        var resources = new ResourceManager("Portal.Resources.RoadmapImportText", typeof(RoadmapImportText).Assembly);
        var known = new Dictionary<string, RoadmapTaskStatus>(StringComparer.Ordinal);
        foreach (var culture in UiCultures.Supported.Select(CultureInfo.GetCultureInfo))
        {
            foreach (var column in Enum.GetValues<RoadmapTaskStatus>())
            {
                foreach (var name in (resources.GetString($"Names.{column}", culture) ?? "").Split('|'))
                {
                    if (Normalize(name) is { Length: > 0 } key)
                    {
                        known.TryAdd(key, column);
                    }
                }
            }
        }

        return known;
    }
}
