using Portal.Infrastructure;

namespace Portal.Features.Competitors;

/// <summary>The checks every save of the comparison matrix passes, each problem on its own field.</summary>
internal static class ComparisonChecks
{
    /// <summary>A row's name, trimmed: required, at most <see cref="ComparisonRow.NameMaxLength"/>.</summary>
    public static string RowName(string? name)
    {
        var checks = new InputChecks();
        var clean = checks.Text(nameof(ComparisonRow.Name), name, ComparisonRow.NameMaxLength, required: true);
        checks.ThrowIfAny();
        return clean;
    }

    /// <summary>
    /// A cell, trimmed: a known kind; a value (required, at most <see cref="ComparisonCell.ValueMaxLength"/>) only for
    /// <see cref="CellKind.Value"/>, emptied for the others; a note of at most <see cref="ComparisonCell.NoteMaxLength"/>.
    /// </summary>
    public static ComparisonCellInput Cell(ComparisonCellInput input)
    {
        var checks = new InputChecks();
        checks.Expect(Enum.IsDefined(input.Kind), nameof(input.Kind), "Comparison.Error.Kind");
        var value = input.Kind == CellKind.Value
            ? checks.Text(nameof(input.Value), input.Value, ComparisonCell.ValueMaxLength, required: true)
            : "";
        var note = checks.Text(nameof(input.Note), input.Note, ComparisonCell.NoteMaxLength);
        checks.ThrowIfAny();
        return new ComparisonCellInput(input.Kind, value, note);
    }
}
