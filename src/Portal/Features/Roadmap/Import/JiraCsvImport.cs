using System.Globalization;
using System.Text;
using Portal.Infrastructure;

namespace Portal.Features.Roadmap.Import;

/// <summary>
/// Reads a Jira issues CSV export ("Export → CSV (all fields)"): each row an issue, its status the group mapped to a
/// column. Real exports repeat column names (one "Sprint" or "Labels" column per value); the first of each is read.
/// A row that cannot be a task is reported by line and left out; a value that cannot be read (a date, an estimate) is
/// reported and left empty, and the row kept.
/// </summary>
public static class JiraCsvImport
{
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>Jira counts estimates in seconds; the board in working days of eight hours.</summary>
    public const double SecondsPerDay = 8 * 60 * 60;

    /// <summary>The names an export gives the columns read, each with the alternatives seen in other Jira versions.</summary>
    private static readonly string[] Summary = ["Summary"];
    private static readonly string[] Key = ["Issue key", "Key"];
    private static readonly string[] Status = ["Status"];
    private static readonly string[] Assignee = ["Assignee"];
    private static readonly string[] AssigneeEmail = ["Assignee Email", "Assignee email address"];
    private static readonly string[] Due = ["Due date", "Due Date", "Due"];
    private static readonly string[] Start = ["Start date", "Custom field (Start date)", "Custom field (Start Date)"];
    private static readonly string[] Description = ["Description"];
    private static readonly string[] Estimate = ["Original Estimate", "Original estimate"];

    /// <summary>The date formats of Jira's exports: its own ("05/Dec/26 3:04 PM", by default) and ISO.</summary>
    private static readonly string[] DateFormats =
    [
        "dd/MMM/yy h:mm tt", "d/MMM/yy h:mm tt", "dd/MMM/yy", "d/MMM/yy",
        "dd/MMM/yyyy h:mm tt", "d/MMM/yyyy h:mm tt", "dd/MMM/yyyy", "d/MMM/yyyy",
        "dd/MMM/yy H:mm", "dd/MMM/yyyy H:mm",
        "yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy/MM/dd", "yyyy/MM/dd HH:mm",
    ];

    public static RoadmapImportPreview Read(Stream stream) => Read(Encoding.UTF8.GetString(ImportFile.ReadBounded(stream, MaxBytes)));

    public static RoadmapImportPreview Read(string text)
    {
        // Through UTF-8 and back: a lone surrogate becomes a replacement character, as it would from a file.
        text = Encoding.UTF8.GetString(ImportFile.Bytes(text, MaxBytes)).TrimStart('\uFEFF');
        using var enumerator = Csv.Parse(text).GetEnumerator();
        if (string.IsNullOrWhiteSpace(text) || !enumerator.MoveNext())
        {
            throw new InputRejectedException("File", "RoadmapImport.Jira.Empty");
        }

        var header = enumerator.Current.Cells.Select(c => c.Trim()).ToList();
        int Column(string[] names) => names.Select(n => header.FindIndex(h => h.Equals(n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(i => i >= 0, -1);
        var (summary, key, status) = (Column(Summary), Column(Key), Column(Status));
        if (summary < 0 || key < 0)
        {
            throw new InputRejectedException("File", "RoadmapImport.Jira.NoHeader");
        }

        var (assignee, email, due, start, description, estimate) =
            (Column(Assignee), Column(AssigneeEmail), Column(Due), Column(Start), Column(Description), Column(Estimate));
        var problems = new List<ImportProblem>();
        var tasks = new List<ImportedTask>();
        var statuses = new List<(string Key, string Name)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (enumerator.MoveNext())
        {
            var (line, cells) = enumerator.Current;
            var where = line.ToString(CultureInfo.InvariantCulture);
            string Cell(int i) => i >= 0 && i < cells.Count ? cells[i].Trim() : "";
            var issueKey = Cell(key);
            if (issueKey.Length == 0)
            {
                problems.Add(new ImportProblem(where, "RoadmapImport.Jira.NoKey"));
                continue;
            }

            var source = $"jira:{issueKey}";
            if (source.Length > RoadmapTask.SourceMaxLength || issueKey.Any(char.IsControl))
            {
                problems.Add(new ImportProblem(where, "RoadmapImport.Problem.BadKey"));
                continue;
            }

            if (ImportFile.IsBlankTitle(Cell(summary)))
            {
                problems.Add(new ImportProblem(where, "RoadmapImport.Problem.NoTitle"));
                continue;
            }

            if (!seen.Add(issueKey))
            {
                problems.Add(new ImportProblem(where, "RoadmapImport.Problem.Duplicate", source));
                continue;
            }

            var statusName = Cell(status);
            var group = statusName.ToUpperInvariant();
            statuses.Add((group, statusName));
            var (dueOn, startOn) = (Date(Cell(due), where, problems), Date(Cell(start), where, problems));
            if (startOn is { } s && dueOn is { } d && s > d)
            {
                problems.Add(new ImportProblem(where, "RoadmapImport.Problem.StartAfterDue"));
                startOn = null;
            }

            var name = Cell(assignee);
            var mail = Cell(email);
            if (mail.Length == 0 && name.Contains('@', StringComparison.Ordinal))
            {
                (name, mail) = ("", name);
            }

            tasks.Add(new ImportedTask(
                source,
                ImportFile.Fit(Cell(summary), RoadmapTask.TitleMaxLength, where, "title", problems),
                ImportFile.Fit(Cell(description), RoadmapTask.DescriptionMaxLength, where, "description", problems),
                group, startOn, dueOn, Days(Cell(estimate), where, problems),
                name.Length == 0 ? null : ImportFile.Fit(name, 200, where, "assignee", problems),
                mail.Length == 0 ? null : ImportFile.Fit(mail, 256, where, "assignee", problems)));
        }

        return new RoadmapImportPreview(RoadmapImportPreview.Jira, tasks, RoadmapImportPreview.GroupsOf(statuses, tasks), 0, problems);
    }

    /// <summary>A date in one of Jira's formats; an empty cell is no date, another text is reported and left empty.</summary>
    internal static DateOnly? Date(string text, string where, List<ImportProblem> problems)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            return DateOnly.FromDateTime(local);
        }

        // ISO with an offset ("2026-12-05T15:04:00.000+0800"): the day where the issue was dated.
        if (text.Length >= 10 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            && char.IsAsciiDigit(text[0]))
        {
            return DateOnly.FromDateTime(instant.DateTime);
        }

        problems.Add(new ImportProblem(where, "RoadmapImport.Problem.BadDate", text.Length > 40 ? text[..40] : text));
        return null;
    }

    private static double? Days(string text, string where, List<ImportProblem> problems)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds < 0)
        {
            problems.Add(new ImportProblem(where, "RoadmapImport.Problem.BadEstimate", text.Length > 40 ? text[..40] : text));
            return null;
        }

        var days = Math.Round(seconds / SecondsPerDay, 2);
        if (days > RoadmapTask.MaxEstimateDays)
        {
            problems.Add(new ImportProblem(where, "RoadmapImport.Problem.EstimateTooLarge", RoadmapTask.MaxEstimateDays));
            return null;
        }

        return days;
    }
}
