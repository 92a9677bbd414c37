using System.Globalization;
using System.Text.Json;
using Portal.Infrastructure;

namespace Portal.Features.Roadmap.Import;

/// <summary>
/// Reads a Trello board export (the JSON of "Print and export → Export as JSON"): its lists become the groups mapped to
/// columns, its cards the tasks, its members the assignees. Archived cards and cards of archived lists are skipped and
/// counted; a card that cannot be read is reported by its JSON path and left out, the others kept.
/// </summary>
public static class TrelloBoardImport
{
    /// <summary>The largest file read; a board export with its history of actions is rarely above a few megabytes.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>A board export nests about eight levels (board, actions, action, data, card, …); anything deeper is not one.</summary>
    public const int MaxDepth = 16;

    public static RoadmapImportPreview Read(Stream stream) => Read(ImportFile.ReadBounded(stream, MaxBytes));

    public static RoadmapImportPreview Read(string json) => Read(ImportFile.Bytes(json, MaxBytes));

    private static RoadmapImportPreview Read(byte[] bytes)
    {
        CheckSyntaxAndDepth(bytes);
        using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
        var board = document.RootElement;
        if (board.ValueKind != JsonValueKind.Object
            || !board.TryGetProperty("lists", out var lists) || !board.TryGetProperty("cards", out var cards))
        {
            throw new InputRejectedException("File", "RoadmapImport.Trello.NotABoard");
        }

        Expect(lists, JsonValueKind.Array, "$.lists");
        Expect(cards, JsonValueKind.Array, "$.cards");
        var problems = new List<ImportProblem>();

        var listsById = new Dictionary<string, (string Name, bool Closed)>(StringComparer.Ordinal);
        var index = 0;
        foreach (var list in lists.EnumerateArray())
        {
            var path = $"$.lists[{index++}]";
            if (Object(list, path, problems) && Text(list, "id", path, problems, required: true) is { Length: > 0 } id)
            {
                var name = Text(list, "name", path, problems) ?? "";
                listsById.TryAdd(id, (name.Trim(), Bool(list, "closed", path, problems)));
            }
        }

        var membersById = new Dictionary<string, string>(StringComparer.Ordinal);
        if (board.TryGetProperty("members", out var members) && members.ValueKind == JsonValueKind.Array)
        {
            index = 0;
            foreach (var member in members.EnumerateArray())
            {
                var path = $"$.members[{index++}]";
                if (Object(member, path, problems) && Text(member, "id", path, problems) is { Length: > 0 } id)
                {
                    var name = Text(member, "fullName", path, problems);
                    membersById.TryAdd(id, string.IsNullOrWhiteSpace(name) ? Text(member, "username", path, problems) ?? "" : name.Trim());
                }
            }
        }

        var tasks = new List<ImportedTask>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var archived = 0;
        index = 0;
        foreach (var card in cards.EnumerateArray())
        {
            var path = $"$.cards[{index++}]";
            if (ReadCard(card, path, listsById, membersById, problems) is not { } read)
            {
                continue;
            }

            if (read.Archived)
            {
                archived++;
            }
            else if (!seen.Add(read.Task.Source))
            {
                problems.Add(new ImportProblem(path, "RoadmapImport.Problem.Duplicate", read.Task.Source));
            }
            else
            {
                tasks.Add(read.Task);
            }
        }

        var groups = RoadmapImportPreview.GroupsOf(
            tasks.Select(t => (t.GroupKey, listsById[t.GroupKey].Name)), tasks);
        return new RoadmapImportPreview(RoadmapImportPreview.Trello, tasks, groups, archived, problems);
    }

    private static (ImportedTask Task, bool Archived)? ReadCard(
        JsonElement card, string path, Dictionary<string, (string Name, bool Closed)> lists, Dictionary<string, string> members, List<ImportProblem> problems)
    {
        if (!Object(card, path, problems))
        {
            return null;
        }

        var id = Text(card, "id", path, problems, required: true);
        var name = Text(card, "name", path, problems, required: true);
        var description = Text(card, "desc", path, problems) ?? "";
        var listId = Text(card, "idList", path, problems, required: true);
        var closed = Bool(card, "closed", path, problems);
        var due = Date(card, "due", path, problems);
        var start = Date(card, "start", path, problems);
        string? assignee = null;
        if (card.TryGetProperty("idMembers", out var ids) && ids.ValueKind != JsonValueKind.Null)
        {
            if (ids.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new ImportProblem($"{path}.idMembers", "RoadmapImport.Json.NotArray"));
            }
            else
            {
                // The board has one assignee a task: the card's first member.
                assignee = ids.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String)
                    .Select(m => members.GetValueOrDefault(m.GetString()!)).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
            }
        }

        // Each problem is reported where it was found; a card missing what a task needs is left out.
        if (id is null || listId is null || name is null)
        {
            return null;
        }

        if (ImportFile.IsBlankTitle(name))
        {
            problems.Add(new ImportProblem($"{path}.name", "RoadmapImport.Problem.NoTitle"));
            return null;
        }

        if (!lists.TryGetValue(listId, out var list))
        {
            problems.Add(new ImportProblem($"{path}.idList", "RoadmapImport.Trello.NoList", listId));
            return null;
        }

        var source = $"trello:{id}";
        if (source.Length > RoadmapTask.SourceMaxLength || id.Any(char.IsControl))
        {
            problems.Add(new ImportProblem($"{path}.id", "RoadmapImport.Problem.BadKey"));
            return null;
        }

        if (start is { } s && due is { } d && s > d)
        {
            problems.Add(new ImportProblem($"{path}.start", "RoadmapImport.Problem.StartAfterDue"));
            start = null;
        }

        var task = new ImportedTask(
            source,
            ImportFile.Fit(name, RoadmapTask.TitleMaxLength, $"{path}.name", "title", problems),
            ImportFile.Fit(description, RoadmapTask.DescriptionMaxLength, $"{path}.desc", "description", problems),
            listId, start, due, null, assignee, null);
        return (task, closed || list.Closed);
    }

    /// <summary>Walks the file once without building anything, so a syntax error or a deep nesting is refused cheaply and told apart.</summary>
    private static void CheckSyntaxAndDepth(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= MaxDepth)
                {
                    throw new InputRejectedException("File", "RoadmapImport.Json.TooDeep", MaxDepth);
                }
            }
        }
        catch (JsonException exception)
        {
            // The exception's own text names .NET types; the line and position say where the file is wrong in its own terms.
            throw new InputRejectedException("File", "RoadmapImport.Json.Syntax", (exception.LineNumber ?? 0) + 1, (exception.BytePositionInLine ?? 0) + 1);
        }
    }

    private static void Expect(JsonElement element, JsonValueKind kind, string path)
    {
        if (element.ValueKind != kind)
        {
            throw new InputRejectedException("File", kind == JsonValueKind.Array ? "RoadmapImport.Json.NotArray" : "RoadmapImport.Json.NotObject", path);
        }
    }

    private static bool Object(JsonElement element, string path, List<ImportProblem> problems)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        problems.Add(new ImportProblem(path, "RoadmapImport.Json.NotObject", path));
        return false;
    }

    /// <summary>The property's text; null when it is absent or null (reported when required) or not text (reported).</summary>
    private static string? Text(JsonElement parent, string name, string path, List<ImportProblem> problems, bool required = false)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problems.Add(new ImportProblem($"{path}.{name}", "RoadmapImport.Json.Missing", $"{path}.{name}"));
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new ImportProblem($"{path}.{name}", "RoadmapImport.Json.NotText", $"{path}.{name}"));
            return null;
        }

        return value.GetString();
    }

    private static bool Bool(JsonElement parent, string name, string path, List<ImportProblem> problems)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        problems.Add(new ImportProblem($"{path}.{name}", "RoadmapImport.Json.NotBool", $"{path}.{name}"));
        return false;
    }

    /// <summary>Trello's dates are instants in UTC ("2026-12-05T11:00:00.000Z"); the task keeps the day.</summary>
    private static DateOnly? Date(JsonElement parent, string name, string path, List<ImportProblem> problems)
    {
        var text = Text(parent, name, path, problems);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return DateOnly.FromDateTime(instant.UtcDateTime);
        }

        problems.Add(new ImportProblem($"{path}.{name}", "RoadmapImport.Problem.BadDate", text.Length > 40 ? text[..40] : text));
        return null;
    }
}
