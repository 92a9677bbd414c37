using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>A cohort set as lists and events carry it: its name, how many cohorts and months it holds, and its version.</summary>
public sealed record RetentionSetView(Guid Id, string Name, int Cohorts, int Months, DateTimeOffset CreatedAt, Guid Version);

/// <summary>A cohort set with its cohorts' table, average curve and implied churn.</summary>
public sealed record RetentionSetDetails(RetentionSetView Set, RetentionAnalysis Analysis);

/// <summary>
/// What an import did: the set stored, or <see cref="Refusal"/> (nothing stored); and either way the rows left out by
/// line (the first <see cref="RetentionCsv.MaxReportedBadRows"/> of <see cref="BadRowCount"/>).
/// </summary>
public sealed record RetentionImportResult(RetentionSetView? Set, FieldError? Refusal, IReadOnlyList<RetentionBadRow> BadRows, int BadRowCount);
