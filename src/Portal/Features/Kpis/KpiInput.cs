using Portal.Infrastructure;
using Portal.Features.Canvas;

namespace Portal.Features.Kpis;

/// <summary>What the builder sends: every SMART field of a KPI.</summary>
public sealed record KpiInput(
    string Name,
    string Unit,
    double Baseline,
    double Target,
    KpiDirection Direction,
    DateOnly StartDate,
    DateOnly Deadline,
    string Specific,
    string Measurable,
    string Achievable,
    string Relevant,
    CanvasBlock? LinkedCanvasBlock,
    string? Objective,
    string OwnerUserId,
    KpiLabMetric? LabMetric = null,
    string? LabDatasetKey = null);

/// <summary>The checks on a KPI's fields, shared by the service (which has the last word) and the builder (which checks each step as the user goes).</summary>
public static class KpiValidation
{
    /// <summary>Values beyond this are typing accidents, and would make the chart unreadable.</summary>
    public const double MaxMagnitude = 1e12;

    public static readonly DateOnly EarliestDate = new(2000, 1, 1);
    public static readonly DateOnly LatestDate = new(2100, 12, 31);

    /// <summary>The field names of <see cref="KpiInput"/> in the order of the builder's steps.</summary>
    public static readonly IReadOnlyList<IReadOnlyList<string>> FieldsByStep =
    [
        [nameof(KpiInput.Name), nameof(KpiInput.Unit), nameof(KpiInput.Specific)],
        [nameof(KpiInput.Baseline), nameof(KpiInput.Target), nameof(KpiInput.Direction), nameof(KpiInput.Measurable), nameof(KpiInput.LabMetric), nameof(KpiInput.LabDatasetKey)],
        [nameof(KpiInput.Achievable)],
        [nameof(KpiInput.Relevant), nameof(KpiInput.LinkedCanvasBlock), nameof(KpiInput.Objective), nameof(KpiInput.OwnerUserId)],
        [nameof(KpiInput.StartDate), nameof(KpiInput.Deadline)],
    ];

    /// <summary>The input trimmed, with empty optional text as null.</summary>
    public static KpiInput Clean(KpiInput input) => input with
    {
        Name = (input.Name ?? "").Trim(),
        Unit = (input.Unit ?? "").Trim(),
        Specific = (input.Specific ?? "").Trim(),
        Measurable = (input.Measurable ?? "").Trim(),
        Achievable = (input.Achievable ?? "").Trim(),
        Relevant = (input.Relevant ?? "").Trim(),
        Objective = string.IsNullOrWhiteSpace(input.Objective) ? null : input.Objective.Trim(),
        OwnerUserId = (input.OwnerUserId ?? "").Trim(),
        LabDatasetKey = string.IsNullOrWhiteSpace(input.LabDatasetKey) ? null : input.LabDatasetKey.Trim(),
    };

    /// <summary>
    /// Every problem with a cleaned input. The deadline must lie after <paramref name="today"/> when
    /// <paramref name="deadlineMustBeFuture"/>: always for a new KPI, and on an edit only when the deadline
    /// changes, so that a KPI whose deadline has passed can still get its wording fixed.
    /// </summary>
    public static List<FieldError> Check(KpiInput input, DateOnly today, bool deadlineMustBeFuture)
    {
        var errors = new List<FieldError>();
        Text(errors, nameof(input.Name), input.Name, Kpi.NameMaxLength, required: true);
        Text(errors, nameof(input.Unit), input.Unit, Kpi.UnitMaxLength, required: true);
        Text(errors, nameof(input.Specific), input.Specific, Kpi.AnswerMaxLength, required: false);

        var numbersOk = Number(errors, nameof(input.Baseline), input.Baseline) & Number(errors, nameof(input.Target), input.Target);
        if (!Enum.IsDefined(input.Direction))
        {
            errors.Add(new FieldError(nameof(input.Direction), "Validation.RequiredField"));
        }
        else if (numbersOk && input.Target == input.Baseline)
        {
            errors.Add(new FieldError(nameof(input.Target), "Kpi.Error.NoChange"));
        }
        else if (numbersOk && input.Direction == KpiDirection.Increase && input.Target < input.Baseline)
        {
            errors.Add(new FieldError(nameof(input.Direction), "Kpi.Error.DirectionIncrease"));
        }
        else if (numbersOk && input.Direction == KpiDirection.Decrease && input.Target > input.Baseline)
        {
            errors.Add(new FieldError(nameof(input.Direction), "Kpi.Error.DirectionDecrease"));
        }

        Text(errors, nameof(input.Measurable), input.Measurable, Kpi.AnswerMaxLength, required: false);
        KpiLabBinding.Check(input, errors);
        Text(errors, nameof(input.Achievable), input.Achievable, Kpi.AnswerMaxLength, required: false);
        Text(errors, nameof(input.Relevant), input.Relevant, Kpi.AnswerMaxLength, required: false);

        if (input.LinkedCanvasBlock is { } block && !Enum.IsDefined(block))
        {
            errors.Add(new FieldError(nameof(input.LinkedCanvasBlock), "Validation.RequiredField"));
        }

        Text(errors, nameof(input.Objective), input.Objective ?? "", Kpi.ObjectiveMaxLength, required: false);
        if (input.LinkedCanvasBlock is not null && input.Objective is not null)
        {
            errors.Add(new FieldError(nameof(input.Objective), "Kpi.Error.LinkBoth"));
        }

        if (string.IsNullOrEmpty(input.OwnerUserId))
        {
            errors.Add(new FieldError(nameof(input.OwnerUserId), "Validation.RequiredField"));
        }

        var startOk = InRange(errors, nameof(input.StartDate), input.StartDate);
        var deadlineOk = InRange(errors, nameof(input.Deadline), input.Deadline);
        if (startOk && deadlineOk && input.Deadline <= input.StartDate)
        {
            errors.Add(new FieldError(nameof(input.Deadline), "Kpi.Error.DeadlineBeforeStart"));
        }
        else if (deadlineOk && deadlineMustBeFuture && input.Deadline <= today)
        {
            errors.Add(new FieldError(nameof(input.Deadline), "Kpi.Error.DeadlineNotFuture"));
        }

        return errors;
    }

    /// <summary>A measurement's value: a finite number of sensible size.</summary>
    public static string? ValueProblem(double value) =>
        !double.IsFinite(value) ? "Kpi.Error.NotANumber"
        : Math.Abs(value) > MaxMagnitude ? "Kpi.Error.TooLarge"
        : null;

    /// <summary>A measurement's date: not before 2000 and not after tomorrow (a day of slack for readers ahead of UTC).</summary>
    public static string? DateProblem(DateOnly date, DateOnly today) =>
        date < EarliestDate ? "Kpi.Error.DateOutOfRange"
        : date > today.AddDays(1) ? "Kpi.Error.MeasurementInFuture"
        : null;

    private static void Text(List<FieldError> errors, string field, string value, int maxLength, bool required)
    {
        if (required && value.Length == 0)
        {
            errors.Add(new FieldError(field, "Validation.RequiredField"));
        }
        else if (value.Length > maxLength)
        {
            errors.Add(new FieldError(field, "Validation.TooLong", maxLength));
        }
    }

    private static bool Number(List<FieldError> errors, string field, double value)
    {
        if (ValueProblem(value) is { } problem)
        {
            errors.Add(problem == "Kpi.Error.TooLarge" ? new FieldError(field, problem, MaxMagnitude) : new FieldError(field, problem));
            return false;
        }

        return true;
    }

    private static bool InRange(List<FieldError> errors, string field, DateOnly date)
    {
        if (date < EarliestDate || date > LatestDate)
        {
            errors.Add(new FieldError(field, "Kpi.Error.DateOutOfRange"));
            return false;
        }

        return true;
    }
}
