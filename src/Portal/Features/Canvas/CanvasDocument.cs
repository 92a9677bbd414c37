using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Infrastructure;

namespace Portal.Features.Canvas;

public sealed record CanvasDocumentNote(Guid? Id, CanvasBlock Block, string Text, NoteColour Colour);

/// <summary>The canvas as a file: the export format, the import format and what snapshots store.</summary>
public sealed record CanvasDocument(string Format, int Version, IReadOnlyList<CanvasDocumentNote> Notes)
{
    public const string FormatName = "portal-business-model-canvas";
    public const int CurrentVersion = 1;
    public const int MaxBytes = 512 * 1024;

    /// <summary>A canvas file nests three levels (file, notes, note); anything deeper is not one, and is refused before it is parsed.</summary>
    public const int MaxDepth = 4;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        MaxDepth = MaxDepth,
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static CanvasDocument From(IEnumerable<CanvasDocumentNote> notes) => new(FormatName, CurrentVersion, [.. notes]);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads and checks a canvas file; every problem is reported with a resource key the page shows in the user's language.</summary>
    public static CanvasDocument Parse(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        if (bytes.Length > MaxBytes)
        {
            throw new InputRejectedException("File", "Canvas.Import.TooLarge", MaxBytes / 1024);
        }

        CheckSyntaxAndDepth(bytes);
        CanvasDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<CanvasDocument>(bytes, Json);
        }
        catch (JsonException exception)
        {
            // The exception's own text names .NET types; the path and line say where the file is wrong in its own terms.
            throw new InputRejectedException("File", "Canvas.Import.BadValue", exception.Path ?? "$", LineOf(exception));
        }

        if (document is null || document.Format != FormatName || document.Notes is null)
        {
            throw new InputRejectedException("File", "Canvas.Import.NotACanvas");
        }

        if (document.Version != CurrentVersion)
        {
            throw new InputRejectedException("File", "Canvas.Import.Version", document.Version, CurrentVersion);
        }

        var errors = new List<FieldError>();
        for (var i = 0; i < document.Notes.Count; i++)
        {
            var note = document.Notes[i];
            if (note is null || !Enum.IsDefined(note.Block) || !Enum.IsDefined(note.Colour))
            {
                errors.Add(new FieldError("File", "Canvas.Import.BadNote", i + 1));
            }
            else if (string.IsNullOrWhiteSpace(note.Text) || note.Text.Trim().Length > CanvasNote.TextMaxLength)
            {
                errors.Add(new FieldError("File", "Canvas.Import.BadText", i + 1, CanvasNote.TextMaxLength));
            }
        }

        foreach (var block in document.Notes.Where(n => n is not null).GroupBy(n => n.Block).Where(g => g.Count() > CanvasNote.MaxPerBlock))
        {
            errors.Add(new FieldError("File", "Canvas.Import.TooMany", block.Key.ToString(), CanvasNote.MaxPerBlock));
        }

        return errors.Count > 0 ? throw new InputRejectedException(errors) : document;
    }

    /// <summary>Walks the file once without building anything, so a syntax error or a deep nesting is refused cheaply and told apart.</summary>
    private static void CheckSyntaxAndDepth(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= MaxDepth)
                {
                    throw new InputRejectedException("File", "Canvas.Import.TooDeep", MaxDepth - 1);
                }
            }
        }
        catch (JsonException exception)
        {
            throw new InputRejectedException("File", "Canvas.Import.NotJson", LineOf(exception));
        }
    }

    private static long LineOf(JsonException exception) => (exception.LineNumber ?? 0) + 1;

    /// <summary>
    /// Markdown with one section per block, in the poster's order; the title at <paramref name="level"/>, the blocks one below.
    /// The notes are escaped here; the title is the caller's to escape.
    /// </summary>
    /// <param name="emptyBlock">What an empty block says, in the reader's language (a bare "-" made a stray empty bullet).</param>
    public string ToMarkdown(string title, Func<CanvasBlock, string> blockName, string emptyBlock, int level = 1)
    {
        var markdown = new StringBuilder().Append('#', level).Append(' ').AppendLine(title).AppendLine();
        foreach (var block in Enum.GetValues<CanvasBlock>())
        {
            markdown.Append('#', level + 1).Append(' ').AppendLine(blockName(block)).AppendLine();
            var notes = Notes.Where(n => n.Block == block).ToList();
            foreach (var note in notes)
            {
                markdown.Append("- ").AppendLine(UserMarkdown.EscapeText(note.Text.ReplaceLineEndings(" ").Trim()));
            }

            if (notes.Count == 0)
            {
                markdown.Append('*').Append(UserMarkdown.EscapeText(emptyBlock)).AppendLine("*");
            }

            markdown.AppendLine();
        }

        return markdown.ToString();
    }
}

public enum NoteChange
{
    Added,
    Removed,
    Edited,
    Moved,
}

public sealed record CanvasDifference(CanvasBlock Block, NoteChange Change, string Text, string? Before);

/// <summary>What changed between two versions of a canvas, block by block.</summary>
public static class CanvasDiff
{
    public static IReadOnlyList<CanvasDifference> Compare(CanvasDocument before, CanvasDocument after)
    {
        var differences = new List<CanvasDifference>();
        var unmatchedBefore = before.Notes.ToList();
        foreach (var note in after.Notes)
        {
            // Notes keep their id through edits and moves; imported notes without one match by text.
            var earlier = unmatchedBefore.FirstOrDefault(b => note.Id is not null && b.Id == note.Id)
                ?? unmatchedBefore.FirstOrDefault(b => b.Block == note.Block && b.Text == note.Text)
                ?? unmatchedBefore.FirstOrDefault(b => b.Text == note.Text);
            if (earlier is null)
            {
                differences.Add(new CanvasDifference(note.Block, NoteChange.Added, note.Text, null));
                continue;
            }

            unmatchedBefore.Remove(earlier);
            if (earlier.Block != note.Block)
            {
                differences.Add(new CanvasDifference(note.Block, NoteChange.Moved, note.Text, earlier.Block.ToString()));
            }
            else if (earlier.Text != note.Text)
            {
                differences.Add(new CanvasDifference(note.Block, NoteChange.Edited, note.Text, earlier.Text));
            }
        }

        differences.AddRange(unmatchedBefore.Select(b => new CanvasDifference(b.Block, NoteChange.Removed, b.Text, null)));
        return [.. differences.OrderBy(d => d.Block).ThenBy(d => d.Change)];
    }
}
