using System.Globalization;
using Portal.Infrastructure;
using Portal.Features.Canvas;

namespace Portal.Features.Kpis;

/// <summary>
/// The builder's form as the user types it: numbers and dates as text, so that "abc" can be reported as
/// not a number rather than silently ignored. <see cref="Read"/> turns it into a <see cref="KpiInput"/>
/// and the problems found on the way.
/// </summary>
public sealed class KpiDraft
{
    public const string LinkNone = "none";
    public const string LinkObjective = "objective";

    public string Name { get; set; } = "";

    public string Unit { get; set; } = "";

    public string Specific { get; set; } = "";

    public string Baseline { get; set; } = "";

    public string Target { get; set; } = "";

    public KpiDirection? Direction { get; set; }

    public string Measurable { get; set; } = "";

    /// <summary>The lab figure each finished run records as a measurement; none when null.</summary>
    public KpiLabMetric? LabMetric { get; set; }

    /// <summary>The data set whose runs count (a run's <c>DatasetKey</c>); any when empty.</summary>
    public string LabDatasetKey { get; set; } = "";

    public string Achievable { get; set; } = "";

    public string Relevant { get; set; } = "";

    /// <summary><see cref="LinkNone"/>, <see cref="LinkObjective"/> or the name of a <see cref="CanvasBlock"/>.</summary>
    public string Link { get; set; } = LinkNone;

    public string Objective { get; set; } = "";

    public string OwnerUserId { get; set; } = "";

    public string StartDate { get; set; } = "";

    public string Deadline { get; set; } = "";

    /// <summary>A new KPI: starting today, due in three months, owned by the one who writes it.</summary>
    public static KpiDraft New(DateOnly today, string ownerUserId) => new()
    {
        StartDate = Format(today),
        Deadline = Format(today.AddMonths(3)),
        OwnerUserId = ownerUserId,
    };

    public static KpiDraft From(KpiInput input) => new()
    {
        Name = input.Name,
        Unit = input.Unit,
        Specific = input.Specific,
        Baseline = input.Baseline.ToString("R", CultureInfo.InvariantCulture),
        Target = input.Target.ToString("R", CultureInfo.InvariantCulture),
        Direction = input.Direction,
        Measurable = input.Measurable,
        LabMetric = input.LabMetric,
        LabDatasetKey = input.LabDatasetKey ?? "",
        Achievable = input.Achievable,
        Relevant = input.Relevant,
        Link = input.LinkedCanvasBlock?.ToString() ?? (input.Objective is null ? LinkNone : LinkObjective),
        Objective = input.Objective ?? "",
        OwnerUserId = input.OwnerUserId,
        StartDate = Format(input.StartDate),
        Deadline = Format(input.Deadline),
    };

    /// <summary>The fields typed as text, which the browser keeps as drafts (see drafts.js) until the form is saved or left.</summary>
    public static readonly IReadOnlyList<string> TextFields =
    [
        nameof(Name), nameof(Unit), nameof(Specific), nameof(Baseline), nameof(Target), nameof(Measurable), nameof(Achievable),
        nameof(Relevant), nameof(Objective), nameof(StartDate), nameof(Deadline),
    ];

    /// <summary>Sets one of the <see cref="TextFields"/> by name; false for any other name.</summary>
    public bool TrySet(string field, string text)
    {
        switch (field)
        {
            case nameof(Name): Name = text; break;
            case nameof(Unit): Unit = text; break;
            case nameof(Specific): Specific = text; break;
            case nameof(Baseline): Baseline = text; break;
            case nameof(Target): Target = text; break;
            case nameof(Measurable): Measurable = text; break;
            case nameof(Achievable): Achievable = text; break;
            case nameof(Relevant): Relevant = text; break;
            case nameof(Objective):
                Objective = text;
                Link = LinkObjective;
                break;
            case nameof(StartDate): StartDate = text; break;
            case nameof(Deadline): Deadline = text; break;
            default: return false;
        }

        return true;
    }

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool TryParseNumber(string text, out double value)
    {
        var trimmed = (text ?? "").Trim();
        // The decimal point first (both portal languages write numbers that way), then the reader's culture.
        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            || double.TryParse(trimmed, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.CurrentCulture, out value);
    }

    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact((text ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The input this draft describes, with every problem the service would report and the ones only the form can see.</summary>
    public (KpiInput Input, List<FieldError> Errors) Read(DateOnly today, bool deadlineMustBeFuture)
    {
        var own = new List<FieldError>();
        var baseline = Number(own, nameof(KpiInput.Baseline), Baseline);
        var target = Number(own, nameof(KpiInput.Target), Target);
        var start = Date(own, nameof(KpiInput.StartDate), StartDate);
        var deadline = Date(own, nameof(KpiInput.Deadline), Deadline);
        if (Direction is null)
        {
            own.Add(new FieldError(nameof(KpiInput.Direction), "Validation.RequiredField"));
        }

        CanvasBlock? block = Enum.TryParse<CanvasBlock>(Link, out var parsed) ? parsed : null;
        var input = KpiValidation.Clean(new KpiInput(
            Name, Unit, baseline ?? 0, target ?? 0, Direction ?? KpiDirection.Increase, start ?? today, deadline ?? today.AddDays(1),
            Specific, Measurable, Achievable, Relevant, block, Link == LinkObjective ? Objective : null, OwnerUserId,
            LabMetric, LabMetric is null ? null : LabDatasetKey));

        // The shared checks, minus those about fields the form already found unreadable.
        var unreadable = own.Select(e => e.Field).ToHashSet();
        var errors = own.Concat(KpiValidation.Check(input, today, deadlineMustBeFuture).Where(e => !unreadable.Contains(e.Field)
            && !(e.Field == nameof(KpiInput.Direction) && (baseline is null || target is null))
            && !(e.Field == nameof(KpiInput.Target) && unreadable.Contains(nameof(KpiInput.Baseline)))
            && !(e.Field == nameof(KpiInput.Deadline) && unreadable.Contains(nameof(KpiInput.StartDate))))).ToList();
        if (Link == LinkObjective && input.Objective is null)
        {
            errors.Add(new FieldError(nameof(KpiInput.Objective), "Validation.RequiredField"));
        }

        return (input, errors);
    }

    /// <summary>The pace the draft needs, once its numbers and dates can be read.</summary>
    public KpiPace? Pace() =>
        TryParseNumber(Baseline, out var baseline) && TryParseNumber(Target, out var target) && TryParseDate(StartDate, out var start) && TryParseDate(Deadline, out var deadline)
            ? KpiPaceCheck.Compute(baseline, target, start, deadline)
            : null;

    private static double? Number(List<FieldError> errors, string field, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new FieldError(field, "Validation.RequiredField"));
            return null;
        }

        if (!TryParseNumber(text, out var value) || !double.IsFinite(value))
        {
            errors.Add(new FieldError(field, "Kpi.Error.NotANumber"));
            return null;
        }

        return value;
    }

    private static DateOnly? Date(List<FieldError> errors, string field, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new FieldError(field, "Validation.RequiredField"));
            return null;
        }

        if (!TryParseDate(text, out var date))
        {
            errors.Add(new FieldError(field, "Kpi.Error.BadDate"));
            return null;
        }

        return date;
    }
}
