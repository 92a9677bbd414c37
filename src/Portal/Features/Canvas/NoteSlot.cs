namespace Portal.Features.Canvas;

/// <summary>
/// One note as an open canvas page holds it. The page keeps the same slot for as long as it shows the note, so the
/// drop zone (which keys its items by their hash code) keeps the note's card, and the editor's state lives here, not
/// in the card: someone else's change updates <see cref="Note"/> and never touches <see cref="Edit"/>.
/// </summary>
public sealed class NoteSlot(NoteView note)
{
    public NoteView Note { get; set; } = note;

    /// <summary>The open editor, or null when the note is only shown.</summary>
    public NoteEdit? Edit { get; set; }

    /// <summary>The scope of this note's draft in the browser (see drafts.js).</summary>
    public static string DraftScope(Guid workspaceId, Guid noteId) => $"canvas|{workspaceId}|note|{noteId}";

    public static string DraftScopePrefix(Guid workspaceId) => $"canvas|{workspaceId}|note|";

    /// <summary>
    /// Applies another version of the note, saved by anyone; an open editor keeps the user's text and is told. A version
    /// older than the one shown (two writes can publish in the other order than they were stored) is ignored.
    /// </summary>
    public void Apply(NoteView current)
    {
        if (current.UpdatedAt < Note.UpdatedAt)
        {
            return;
        }

        if (Edit is not null && current.Version != Edit.Base.Version && current.Version != Edit.Theirs?.Version)
        {
            Edit.Theirs = current;
            Edit.Refused = false;
        }

        Note = current;
    }
}

/// <summary>What a user is typing into a note, and what happened to the note meanwhile.</summary>
public sealed class NoteEdit
{
    public required string Text { get; set; }

    public NoteColour Colour { get; set; }

    /// <summary>The version the user's text started from: saving expects it to be still current.</summary>
    public required NoteView Base { get; set; }

    /// <summary>A newer version someone else saved since <see cref="Base"/>; the user chooses what to keep.</summary>
    public NoteView? Theirs { get; set; }

    /// <summary>True when the user's own save was refused because of <see cref="Theirs"/>, false when it arrived live.</summary>
    public bool Refused { get; set; }

    /// <summary>Someone deleted the note while the user was editing it.</summary>
    public bool Deleted { get; set; }

    /// <summary>The text came back from the browser's draft after a reload or a restart.</summary>
    public bool Restored { get; set; }

    public static NoteEdit Of(NoteView note) => new() { Text = note.Text, Colour = note.Colour, Base = note };
}
