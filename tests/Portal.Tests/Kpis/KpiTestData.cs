using Portal.Features.Kpis;
using Portal.Features.Canvas;

namespace Portal.Tests.Kpis;

/// <summary>Ready-made KPIs and inputs for the tests.</summary>
internal static class KpiTestData
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>A valid input: 20 to 60 mills from today over four months, owned by <paramref name="ownerUserId"/>.</summary>
    public static KpiInput Input(string ownerUserId, string name = "Paying mills") => new(
        name, "mills", 20, 60, KpiDirection.Increase, Today, Today.AddMonths(4),
        "Mills on a paid plan", "Billing system, monthly", "Two sales hires", "Revenue grows with mills", CanvasBlock.CustomerSegments, null, ownerUserId);

    /// <summary>A stored-looking view: 20 to 60 from 2026-01-01 to 2026-05-01 with one measurement of 30 on 2026-02-01.</summary>
    public static KpiView View(string name = "Mills", string unit = "mills", string specific = "")
    {
        var start = new DateOnly(2026, 1, 1);
        var deadline = new DateOnly(2026, 5, 1);
        List<KpiPoint> points = [new(new DateOnly(2026, 2, 1), 30)];
        return new KpiView(
            Guid.NewGuid(), name, unit, 20, 60, KpiDirection.Increase, start, deadline, specific, "", "", "", null, null, "u1", "Ada",
            DateTimeOffset.UtcNow, Guid.NewGuid(), points,
            KpiStatusRule.Evaluate(20, 60, KpiDirection.Increase, start, deadline, points.Select(p => (p.Date, p.Value))),
            KpiPaceCheck.Compute(20, 60, start, deadline));
    }
}
