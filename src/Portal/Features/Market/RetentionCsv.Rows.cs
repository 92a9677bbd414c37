using System.Globalization;
using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>What both shapes of <see cref="RetentionCsv"/> check in a row, and how their rows become the result.</summary>
public static partial class RetentionCsv
{
    /// <summary>The rows read so far under one header; then the result. Each shape reads its rows its own way.</summary>
    private abstract class RowReader(List<string> header)
    {
        /// <summary>Longer cell text is cut in the messages that quote it.</summary>
        private const int QuotedLength = 20;

        private readonly List<RetentionCohort> cohorts = [];

        public abstract RetentionShape Shape { get; }

        /// <summary>The header's cells, which name the columns in the messages.</summary>
        protected List<string> Header => header;

        /// <summary>The rows left out so far, in the order they were found.</summary>
        protected List<RetentionBadRow> BadRows { get; } = [];

        /// <summary>A row after the header: null, or the refusal of the whole file.</summary>
        public FieldError? Read(CsvRecord record, List<string> cells)
        {
            if (CommonProblem(record, cells, header.Count) is { } problem)
            {
                BadRows.Add(problem);
                return null;
            }

            if (LabelProblem(record.Line, cells[0]) is { } labelProblem)
            {
                BadRows.Add(labelProblem);
                return null;
            }

            return ReadCells(record.Line, cells);
        }

        public RetentionCsvResult Finish()
        {
            if (FinishCohorts() is { } refusal)
            {
                return new RetentionCsvResult([], [], 0, refusal, Shape);
            }

            var reported = BadRows.OrderBy(b => b.Line).Take(MaxReportedBadRows).ToList();
            var sorted = cohorts.OrderBy(c => c.Cohort, StringComparer.Ordinal).ToList();
            // The report of bad rows stays with the refusal: it says why no row could be taken.
            return new RetentionCsvResult(
                sorted, reported, BadRows.Count, sorted.Count == 0 ? new FieldError(Field, "Retention.Csv.NoRows") : null, Shape);
        }

        /// <summary>A count: a whole number from 0 to <see cref="MaxCount"/>; otherwise the reason, naming the column.</summary>
        protected static (int Value, RetentionBadRow? Problem) Count(int line, string cell, string column)
        {
            if (cell.Length == 0)
            {
                return (0, new RetentionBadRow(line, "Retention.Csv.Blank", column));
            }

            if (!long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) && number < 0
                    ? (0, new RetentionBadRow(line, "Retention.Csv.Negative", column, Quote(cell)))
                    : (0, new RetentionBadRow(line, "Retention.Csv.NotNumber", column, Quote(cell)));
            }

            return value switch
            {
                < 0 => (0, new RetentionBadRow(line, "Retention.Csv.Negative", column, Quote(cell))),
                > MaxCount => (0, new RetentionBadRow(line, "Retention.Csv.TooBig", column, MaxCount)),
                _ => ((int)value, null),
            };
        }

        /// <summary>A row that passed the checks both shapes share, its cohort label there and not too long: null, or the refusal of the whole file.</summary>
        protected abstract FieldError? ReadCells(int line, List<string> cells);

        /// <summary>What is left once every row is read: null, or the refusal of the whole file.</summary>
        protected virtual FieldError? FinishCohorts() => null;

        /// <summary>Keeps a good cohort; one past <see cref="RetentionCohortSet.MaxCohorts"/> refuses the file, naming its line.</summary>
        protected FieldError? Keep(RetentionCohort cohort, int line)
        {
            if (cohorts.Count == RetentionCohortSet.MaxCohorts)
            {
                return new FieldError(Field, "Retention.Csv.TooManyCohorts", RetentionCohortSet.MaxCohorts, line);
            }

            cohorts.Add(cohort);
            return null;
        }

        private static string Quote(string cell) => cell.Length <= QuotedLength ? cell : string.Concat(cell.AsSpan(0, QuotedLength - 1), "…");

        /// <summary>A quote never closed, bytes that are not text, or more cells than the header (empty cells at the end do not count).</summary>
        private static RetentionBadRow? CommonProblem(CsvRecord record, List<string> cells, int columns)
        {
            if (record.Unclosed)
            {
                return new RetentionBadRow(record.Line, "Retention.Csv.Unclosed");
            }

            if (cells.Exists(IsNotText))
            {
                return new RetentionBadRow(record.Line, "Retention.Csv.RowNotText");
            }

            while (cells.Count > 0 && cells[^1].Length == 0)
            {
                cells.RemoveAt(cells.Count - 1);
            }

            return cells.Count > columns ? new RetentionBadRow(record.Line, "Retention.Csv.TooManyColumns", cells.Count, columns) : null;
        }

        private static RetentionBadRow? LabelProblem(int line, string label) => label.Length switch
        {
            0 => new RetentionBadRow(line, "Retention.Csv.NoCohort"),
            > MaxLabelLength => new RetentionBadRow(line, "Retention.Csv.CohortTooLong", MaxLabelLength),
            _ => null,
        };
    }
}
