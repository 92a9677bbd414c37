using Portal.Infrastructure;

namespace Portal.Features.Research;

/// <summary>A survey as lists and events carry it: without its answers.</summary>
public sealed record SurveyView(Guid Id, string Name, int Respondents, int Columns, DateTimeOffset CreatedAt, Guid Version);

/// <summary>A survey with its column names and each column's analysis.</summary>
public sealed record SurveyDetails(SurveyView Survey, IReadOnlyList<string> Columns, IReadOnlyList<SurveyColumnAnalysis> Analysis);

/// <summary>
/// What an import did: the survey stored, or <see cref="Refusal"/> (nothing stored); and either way the rows left out
/// by line (the first <see cref="SurveyCsv.MaxReportedBadRows"/> of <see cref="BadRowCount"/>).
/// </summary>
public sealed record SurveyImportResult(SurveyView? Survey, FieldError? Refusal, IReadOnlyList<SurveyBadRow> BadRows, int BadRowCount);
