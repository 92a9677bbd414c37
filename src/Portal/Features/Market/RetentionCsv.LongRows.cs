using System.Globalization;
using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>The long shape of <see cref="RetentionCsv"/>: <c>cohort,month,active</c>, one row a cohort and month.</summary>
public static partial class RetentionCsv
{
    /// <summary>
    /// Checks each row alone as it comes, and makes the cohorts only once every row is read, since a cohort's months may
    /// come in any order and its size is its month 0.
    /// </summary>
    private sealed class LongRowReader(List<string> header) : RowReader(header)
    {
        private readonly List<MonthRow> monthRows = [];
        private readonly Dictionary<(string Cohort, int Month), int> firstLines = [];

        public override RetentionShape Shape => RetentionShape.PerMonth;

        protected override FieldError? ReadCells(int line, List<string> cells)
        {
            if (cells.Count < 3)
            {
                BadRows.Add(new RetentionBadRow(line, "Retention.Csv.LongMissing"));
                return null;
            }

            var (month, monthProblem) = Count(line, cells[1], Header[1]);
            var (active, activeProblem) = Count(line, cells[2], Header[2]);
            if ((monthProblem ?? activeProblem) is { } numberProblem)
            {
                BadRows.Add(numberProblem);
                return null;
            }

            if (month >= RetentionCohortSet.MaxMonths)
            {
                return new FieldError(Field, "Retention.Csv.MonthTooLate", RetentionCohortSet.MaxMonths, line, RetentionCohortSet.MaxMonths - 1);
            }

            var label = Label(cells[0]);
            if (firstLines.TryGetValue((label, month), out var first))
            {
                BadRows.Add(new RetentionBadRow(line, "Retention.Csv.DuplicateMonth", label, month, first));
                return null;
            }

            firstLines[(label, month)] = line;
            monthRows.Add(new MonthRow(line, label, month, active));
            return null;
        }

        /// <summary>The rows made cohorts: month 0 gives the size; a row above it, or after a missing month, is left out.</summary>
        protected override FieldError? FinishCohorts()
        {
            foreach (var group in monthRows.GroupBy(r => r.Cohort, StringComparer.Ordinal))
            {
                var rows = group.OrderBy(r => r.Month).ToList();
                if (rows[0].Month != 0 || rows[0].Active == 0)
                {
                    var key = rows[0].Month != 0 ? "Retention.Csv.NoMonthZero" : "Retention.Csv.ZeroSize";
                    BadRows.AddRange(rows.Select(r => new RetentionBadRow(r.Line, key, group.Key)));
                    continue;
                }

                var size = rows[0].Active;
                var active = new List<int>();
                foreach (var row in rows)
                {
                    if (row.Month != active.Count)
                    {
                        BadRows.Add(new RetentionBadRow(row.Line, "Retention.Csv.Gap", group.Key, row.Month, active.Count));
                    }
                    else if (row.Active > size)
                    {
                        BadRows.Add(new RetentionBadRow(row.Line, "Retention.Csv.AboveSize", row.Month.ToString(CultureInfo.InvariantCulture), row.Active, size));
                    }
                    else
                    {
                        active.Add(row.Active);
                    }
                }

                if (Keep(new RetentionCohort(group.Key, size, active), rows[0].Line) is { } refusal)
                {
                    return refusal;
                }
            }

            return null;
        }

        private sealed record MonthRow(int Line, string Cohort, int Month, int Active);
    }
}
