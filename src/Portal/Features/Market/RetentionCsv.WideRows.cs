using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>The wide shape of <see cref="RetentionCsv"/>: <c>cohort,size,m0,m1,m2…</c>, one row a cohort.</summary>
public static partial class RetentionCsv
{
    /// <summary>Takes each row as a whole cohort: its size, then its months until the row stops.</summary>
    private sealed class WideRowReader(List<string> header) : RowReader(header)
    {
        private readonly Dictionary<string, int> firstLines = new(StringComparer.Ordinal);

        public override RetentionShape Shape => RetentionShape.PerCohort;

        protected override FieldError? ReadCells(int line, List<string> cells)
        {
            if (cells.Count < 3)
            {
                BadRows.Add(new RetentionBadRow(line, "Retention.Csv.NoMonths"));
                return null;
            }

            var (size, sizeProblem) = Count(line, cells[1], Header[1]);
            if (sizeProblem is not null || size == 0)
            {
                BadRows.Add(sizeProblem ?? new RetentionBadRow(line, "Retention.Csv.ZeroSize"));
                return null;
            }

            var active = new List<int>();
            for (var i = 2; i < cells.Count; i++)
            {
                var (value, valueProblem) = Count(line, cells[i], Header[i]);
                if (valueProblem is null && value > size)
                {
                    valueProblem = new RetentionBadRow(line, "Retention.Csv.AboveSize", Header[i], value, size);
                }

                if (valueProblem is not null)
                {
                    BadRows.Add(valueProblem);
                    return null;
                }

                active.Add(value);
            }

            var label = Label(cells[0]);
            if (firstLines.TryGetValue(label, out var first))
            {
                BadRows.Add(new RetentionBadRow(line, "Retention.Csv.Duplicate", label, first));
                return null;
            }

            firstLines[label] = line;
            return Keep(new RetentionCohort(label, size, active), line);
        }
    }
}
