using Microsoft.Extensions.Localization;
using Portal.Infrastructure;

namespace Portal.Features.Competitors;

/// <summary>Turns the matrix's message keys into text: its own keys live in ComparisonText, the shared ones in UiStrings.</summary>
public static class ComparisonMessages
{
    public static string Text(FieldError error, IStringLocalizer<ComparisonText> text, IStringLocalizer<UiStrings> shared)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(shared);
        return error.MessageKey.StartsWith("Comparison.", StringComparison.Ordinal) ? text[error.MessageKey, error.Arguments] : shared[error.MessageKey, error.Arguments];
    }

    /// <summary>"Line 4 (Acme): the value is longer than 120 characters".</summary>
    public static string Problem(ComparisonCsvProblem problem, IStringLocalizer<ComparisonText> text)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(text);
        var reason = text[problem.MessageKey, problem.Arguments].Value;
        return problem.Column is null ? text["Comparison.Csv.Line", problem.Line, reason] : text["Comparison.Csv.LineColumn", problem.Line, problem.Column, reason];
    }

    /// <summary>What a cell says in the reader's language: yes, no, partly, its value, or not known.</summary>
    public static string Cell(ComparisonCellView? cell, IStringLocalizer<ComparisonText> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return cell is null ? text["Comparison.Kind.Unknown"] : Kind(cell.Kind, cell.Value, text);
    }

    public static string Kind(CellKind kind, string value, IStringLocalizer<ComparisonText> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return kind == CellKind.Value ? value : text[$"Comparison.Kind.{kind}"];
    }
}
