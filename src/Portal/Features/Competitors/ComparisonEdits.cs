namespace Portal.Features.Competitors;

/// <summary>The cell being edited: the user's choice, and the version of the cell they started from (null: it was unknown).</summary>
public sealed class ComparisonCellEdit
{
    /// <summary>The choices of the kind select, in the order shown.</summary>
    public static readonly IReadOnlyList<string> KindOptions = ["unknown", "yes", "partial", "no", "value"];

    public required Guid RowId { get; init; }

    public required Guid CompanyId { get; init; }

    public required string OriginalKind { get; init; }

    public required string OriginalValue { get; init; }

    public required string OriginalNote { get; init; }

    public string Kind { get; set; } = "unknown";

    public string Value { get; set; } = "";

    public string Note { get; set; } = "";

    public Guid? BaseVersion { get; set; }

    /// <summary>A save was refused because someone changed the cell first; the stored cell shows beside the user's choice.</summary>
    public bool Conflict { get; set; }

    public string? Error { get; set; }

    public string? ValueError { get; set; }

    public string? NoteError { get; set; }

    public bool IsDirty => Kind != OriginalKind || (Kind == "value" && Value != OriginalValue) || (Kind != "unknown" && Note != OriginalNote);

    /// <summary>A cell's kind as its chip's class and the editor's choice: one of <see cref="KindOptions"/>.</summary>
    public static string KindKey(ComparisonCellView? cell) => cell is null ? "unknown" : cell.Kind.ToString().ToLowerInvariant();

    public static ComparisonCellEdit Of(Guid rowId, Guid companyId, ComparisonCellView? cell)
    {
        var kind = KindKey(cell);
        return new ComparisonCellEdit
        {
            RowId = rowId,
            CompanyId = companyId,
            OriginalKind = kind,
            OriginalValue = cell?.Value ?? "",
            OriginalNote = cell?.Note ?? "",
            Kind = kind,
            Value = cell?.Value ?? "",
            Note = cell?.Note ?? "",
            BaseVersion = cell?.Version,
        };
    }
}

/// <summary>The row being edited: the name in the box and the version it started from.</summary>
public sealed class ComparisonRowEdit
{
    public required Guid RowId { get; init; }

    public required string OriginalName { get; init; }

    public string Name { get; set; } = "";

    public Guid Base { get; set; }

    /// <summary>The name someone saved first, after a refused rename.</summary>
    public string? TheirName { get; set; }

    public string? Error { get; set; }

    public bool IsDirty => Name.Trim() != OriginalName;

    public static ComparisonRowEdit Of(ComparisonRowView row) => new() { RowId = row.Id, OriginalName = row.Name, Name = row.Name, Base = row.Version };
}

/// <summary>The import form's pasted text and last report, kept by the panel so closing the form and opening it again loses neither.</summary>
public sealed class ComparisonImportDraft
{
    public string Csv { get; set; } = "";

    public ComparisonImportResult? Report { get; set; }
}
